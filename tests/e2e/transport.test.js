// Writes that survive an Origin check (docs/azure-devops.md §9). The service worker's writes
// carry `Origin: chrome-extension://{id}`; with the fake's `originCheck` on, Azure DevOps
// refuses such cookie writes with 401, as for signed out. PAT Pilot then sends the same write
// as the token page would — a declarativeNetRequest session rule sets `Origin` to
// `https://dev.azure.com` on its own request — and remembers that per organization. The
// permission this needs adds no install-time warning.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Harness, EXTENSION_DIR } from "./harness.js";
import { seedPresets } from "./popup-helpers.js";

let h;
before(async () => {
  h = await Harness.start();
  await seedPresets(h);
  await h.openAdo("https://dev.azure.com/contoso/");
  for (const name of ["contoso", "fabrikam"]) {
    const hello = await h.send({ type: "hello", org: { name, style: "modern" } });
    assert.equal(hello.ok?.session?.state, "signedIn", JSON.stringify(hello));
  }
});
after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

const org = (name) => ({ name, style: "modern" });
const origins = (route) => h.fake.requests({ route }).map((r) => [r.headers.origin, r.status]);

async function orgRecord(name) {
  return (await h.storage("local"))[`org:${name}`];
}

test("with the Origin check on, a create is refused once, then made as the token page makes it, and that is remembered", async () => {
  h.fake.configure({ originCheck: true });
  h.fake.clearRecords();
  const own = `chrome-extension://${h.extensionId}`;
  const created = await h.send({ type: "createFromPreset", org: org("contoso"), presetId: "git", lifetimeDays: null });
  assert.equal(created.ok?.type, "created", JSON.stringify(created));
  // The pending copy of the secret goes, as after a popup showed it.
  await h.send({ type: "forgetPending", id: created.ok.created.token.id });
  assert.deepEqual(origins("webCreate"), [[own, 401], ["https://dev.azure.com", 200]]);
  assert.equal(h.fake.tokens("contoso").filter((t) => t.displayName === created.ok.created.token.name).length, 1, "one token");
  assert.equal((await orgRecord("contoso")).transport, "pageOrigin");
  // The rule lives only for the request.
  assert.deepEqual(await h.inWorker(() => chrome.declarativeNetRequest.getSessionRules()), []);

  // Remembered: the revoke goes that way at once, and reads never carry an Origin.
  h.fake.clearRecords();
  const revoked = await h.send({ type: "revoke", org: org("contoso"), id: created.ok.created.token.id });
  assert.equal(revoked.ok?.type, "revoked", JSON.stringify(revoked));
  assert.deepEqual(origins("webRevoke"), [["https://dev.azure.com", 200]]);
  const listed = await h.send({ type: "listTokens", org: org("contoso") });
  assert.equal(listed.ok?.type, "tokens");
  assert.ok(h.fake.requests({ route: "webList" }).every((r) => r.headers.origin === undefined));

  // Diagnostics say which transport worked.
  const diagnosis = await h.send({ type: "diagnose", org: org("contoso") });
  assert.deepEqual(diagnosis.ok.report.writes, { chosen: "pageOrigin", lastWorked: "pageOrigin" });
  assert.deepEqual(h.fake.violations(), []);
});

test("Options → Diagnostics says how writes are sent, and the copied report holds each answer's shape", async () => {
  const page = await h.context.newPage();
  await page.goto(h.url("options.html#diagnostics"));
  const card = page.getByRole("article", { name: "contoso" });
  await card.getByText("as Azure DevOps' token page sends them").waitFor();
  assert.match(await card.innerText(), /Writes sent/);
  await card.getByRole("button", { name: "Run diagnostics" }).click();
  await card.locator(".verdict").waitFor({ timeout: 20_000 });
  const report = JSON.parse(await card.locator("pre").textContent());
  assert.deepEqual(report.report.writes, { chosen: "pageOrigin", lastWorked: "pageOrigin" });
  const list = report.report.checks.find((c) => c.probe?.list === "web").requests[0];
  assert.equal(list.shape.nextRowNumber, "number");
  assert.equal(list.shape.sessionTokens[0].authorizationId, "string:uuid");
  const text = JSON.stringify(report);
  for (const t of h.fake.tokens("contoso")) assert.ok(!text.includes(t.displayName), `no token name (${t.displayName}) in the report`);
  await page.close();
});

test("the transport is learned per organization: fabrikam's writes still go directly first", async () => {
  h.fake.configure({ originCheck: false });
  h.fake.clearRecords();
  const created = await h.send({ type: "createFromPreset", org: org("fabrikam"), presetId: "git", lifetimeDays: null });
  assert.equal(created.ok?.type, "created", JSON.stringify(created));
  await h.send({ type: "forgetPending", id: created.ok.created.token.id });
  assert.deepEqual(origins("webCreate"), [[`chrome-extension://${h.extensionId}`, 200]]);
  assert.equal((await orgRecord("fabrikam")).transport ?? null, null);
  assert.equal((await orgRecord("contoso")).transport, "pageOrigin");
});

test("while the rule is in place, a page's own writes to Azure DevOps keep their Origin", async () => {
  h.fake.configure({ originCheck: true });
  h.fake.clearRecords();
  // fabrikam learns the page origin now; its second request is held while a page writes.
  h.fake.fault({ route: "webCreate", delayMs: 3000, times: 2 });
  const creating = h.send({ type: "createFromPreset", org: org("fabrikam"), presetId: "feeds", lifetimeDays: null });
  const deadline = Date.now() + 10_000;
  while (!h.fake.requests({ route: "webCreate" }).some((r) => r.headers.origin === "https://dev.azure.com")) {
    assert.ok(Date.now() < deadline, "the write as the page sends it arrives");
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal((await h.inWorker(() => chrome.declarativeNetRequest.getSessionRules())).length, 1, "the rule is in place");
  const page = await h.context.newPage();
  await page.goto(`https://127.0.0.1:${h.fake.port}/`).catch(() => {});
  await page.evaluate(() => fetch("https://dev.azure.com/evil-org/_apis/x", { method: "POST", mode: "no-cors", body: "x" }).catch(() => null));
  const fromPage = h.fake.requests().filter((r) => r.method === "POST" && r.path === "/evil-org/_apis/x");
  assert.equal(fromPage.length, 1);
  assert.equal(fromPage[0].headers.origin, `https://127.0.0.1:${h.fake.port}`, "not the rule's");
  await page.close();
  const created = await creating;
  assert.equal(created.ok?.type, "created", JSON.stringify(created));
  await h.send({ type: "forgetPending", id: created.ok.created.token.id });
  assert.deepEqual(await h.inWorker(() => chrome.declarativeNetRequest.getSessionRules()), []);
});

test("declarativeNetRequestWithHostAccess adds no install-time warning; declarativeNetRequest would", async () => {
  const manifest = JSON.parse(readFileSync(path.join(EXTENSION_DIR, "manifest.json"), "utf8"));
  // The API wants a plain manifest: names instead of __MSG_ keys, no locale folder to read.
  Object.assign(manifest, { name: "PAT Pilot", description: "x" });
  delete manifest.default_locale;
  const warnings = (m) => h.inWorker((text) => chrome.management.getPermissionWarningsByManifest(text), JSON.stringify(m));
  const without = { ...manifest, permissions: manifest.permissions.filter((p) => p !== "declarativeNetRequestWithHostAccess") };
  assert.ok(manifest.permissions.includes("declarativeNetRequestWithHostAccess"));
  const shipped = await warnings(manifest);
  assert.deepEqual(shipped, await warnings(without));
  const blocking = await warnings({ ...without, permissions: [...without.permissions, "declarativeNetRequest"] });
  assert.ok(blocking.length > shipped.length, `declarativeNetRequest warns: ${JSON.stringify(blocking)}`);
});
