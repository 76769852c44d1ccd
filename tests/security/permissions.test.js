// The built manifest asks for exactly the documented permissions. Adding one means changing
// this list AND the README's "Permissions" table together: the test reads both.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, manifest, requireBuilt } from "./built.js";

const DOCUMENTED = {
  // declarativeNetRequestWithHostAccess: the second write transport (docs/azure-devops.md §9);
  // it adds no install-time warning (checked in Chromium by tests/e2e/transport.test.js).
  permissions: ["alarms", "declarativeNetRequestWithHostAccess", "notifications", "storage"],
  host_permissions: ["https://*.visualstudio.com/*", "https://dev.azure.com/*", "https://vssps.dev.azure.com/*"],
};

requireBuilt();
const built = manifest();
const sorted = (list) => [...(list ?? [])].sort();

/** The backticked names in the first column of README's permissions table. */
function readmePermissions() {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8").split("\n");
  const heading = readme.findIndex((line) => /^#+ .*permissions/i.test(line));
  assert.ok(heading >= 0, "README.md has a heading about permissions");
  const rows = [];
  for (const line of readme.slice(heading + 1)) {
    if (/^#+ /.test(line)) break;
    if (line.trim().startsWith("|")) rows.push(line.trim());
  }
  assert.ok(rows.length > 2, "README.md's permissions section has a table");
  // Skip the header row and the |---| row.
  return rows.slice(2).flatMap((row) => [...row.split("|")[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}

test("the built manifest's permissions are exactly storage, alarms, notifications and declarativeNetRequestWithHostAccess", () => {
  assert.deepEqual(sorted(built.permissions), DOCUMENTED.permissions);
  assert.equal(new Set(built.permissions).size, built.permissions.length, "no permission twice");
});

test("the built manifest's host permissions are exactly the three Azure DevOps hosts", () => {
  assert.deepEqual(sorted(built.host_permissions), DOCUMENTED.host_permissions);
  assert.equal(new Set(built.host_permissions).size, built.host_permissions.length, "no host twice");
});

test("not declarativeNetRequest itself, which would warn \"Block content on any page\", and no static rulesets", () => {
  assert.ok(!built.permissions.includes("declarativeNetRequest"));
  assert.equal(built.declarative_net_request, undefined);
});

test("nothing more can be asked for later: no optional permissions or hosts", () => {
  assert.equal(built.optional_permissions, undefined);
  assert.equal(built.optional_host_permissions, undefined);
});

test("README's permissions table lists exactly what the manifest asks for", () => {
  const documented = readmePermissions();
  assert.equal(new Set(documented).size, documented.length, "each permission has one row");
  assert.deepEqual(documented.sort(), [...DOCUMENTED.permissions, ...DOCUMENTED.host_permissions].sort());
});
