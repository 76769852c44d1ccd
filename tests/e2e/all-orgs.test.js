// All organizations, through the real popup: one list holds the person's tokens of every
// organization (docs/azure-devops.md §4.2). The tab stays on contoso; fabrikam and northwind are
// never visited. With the fake's default — the web UI's organization list refused (§12.1,
// unverified with a session) — they are shown by id, their tokens offer no actions and say why,
// and the watcher warns about them as unnamed organizations. With the list offered, each is
// named, and Extend, Rotate and Revoke go through the token's own organization. The export
// arrives as a file (a popup download, caught with CDP's Browser.setDownloadBehavior).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Harness } from "./harness.js";
import { seedPresets, popupOn, closeBoth, sessionKnown, assertAccessible, until } from "./popup-helpers.js";

const DAY = 24 * 3600 * 1000;
const NORTHWIND = "5a0c7e21-3b9d-4f6e-8c2a-1d4b6f8e0a93";
let h;
let fabrikamId;

before(async () => {
  h = await Harness.start();
  await seedPresets(h);
  fabrikamId = h.fake.org("fabrikam").id;
  h.fake.seedOrg({ name: "northwind", id: NORTHWIND, user: h.fake.demo.user });
  const now = h.fake.now().getTime();
  h.fake.seedToken("northwind", { name: "Northwind deploy", scope: "vso.build_execute", validFrom: now - 20 * DAY, validTo: now + 2 * DAY });
  h.fake.seedToken("northwind", { name: "Northwind feed", scope: "vso.packaging", validFrom: now - 5 * DAY, validTo: now + 45 * DAY });
  await spyOnNotifications();
});
after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

/** Records what each notification says (until the worker stops). */
async function spyOnNotifications() {
  await h.inWorker(() => {
    globalThis.shownForTest = {};
    if (globalThis.spyingForTest) return;
    globalThis.spyingForTest = true;
    const create = chrome.notifications.create.bind(chrome.notifications);
    chrome.notifications.create = (id, options) => {
      globalThis.shownForTest[id] = options;
      return create(id, options);
    };
  });
}
const spied = () => h.inWorker(() => globalThis.shownForTest ?? {});
const badge = () => h.inWorker(() => chrome.action.getBadgeText({}));
const fakeToken = (org, name) => h.fake.tokens(org).find((t) => t.displayName === name);

async function allOrgsView() {
  const both = await popupOn(h);
  await sessionKnown(both.popup);
  await both.popup.getByRole("button", { name: "Tokens" }).click();
  await both.popup.locator(".token-list").first().waitFor({ timeout: 15_000 });
  const all = both.popup.getByRole("button", { name: "All organizations" });
  await all.click();
  await both.popup.getByRole("heading", { name: "Tokens in all organizations" }).waitFor();
  await both.popup.locator(".org-heading").first().waitFor({ timeout: 15_000 });
  assert.equal(await all.getAttribute("aria-pressed"), "true");
  return both;
}

function group(popup, heading) {
  return popup.locator(".org-group").filter({ has: popup.locator(".org-heading", { hasText: heading }) });
}

function row(popup, name) {
  return popup.getByRole("listitem").filter({ has: popup.locator(".token-name", { hasText: name }) });
}

test("with the organization list refused, every organization's tokens show, one never visited by its id, without actions and saying why", async () => {
  h.fake.clearRecords();
  const both = await allOrgsView();
  const { popup } = both;
  assert.deepEqual(await popup.locator(".org-heading").allInnerTexts(), [
    "contoso",
    `Unnamed organization · ${fabrikamId}`,
    `Unnamed organization · ${NORTHWIND}`,
    "Global (all organizations)",
  ]);
  const northwind = group(popup, NORTHWIND);
  assert.deepEqual((await northwind.locator(".token-name").allInnerTexts()).sort(), ["Northwind deploy", "Northwind feed"]);
  assert.equal(await northwind.getByRole("button").count(), 0, "no action for an organization nobody can name");
  assert.match(await northwind.locator(".org-note").innerText(), /does not know this organization's name/);
  // contoso's tokens keep their actions; revoked tokens stay out.
  assert.equal(await row(popup, "Git (laptop)").getByRole("button", { name: "Revoke Git (laptop)" }).count(), 1);
  assert.equal(await popup.locator(".token-name", { hasText: "Old deploy script" }).count(), 0);
  // The list was asked for through contoso, and refused.
  const asked = h.fake.requests({ route: "myOrganizations" });
  assert.ok(asked.length >= 1, "the organization list was asked");
  assert.ok(asked.every((r) => r.path === "/contoso/_apis/Contribution/HierarchyQuery" && r.status === 401), JSON.stringify(asked.map((r) => [r.path, r.status])));
  assert.equal(asked[0].query["api-version"], "5.0-preview.1");
  assert.equal(h.fake.requests({ route: "webCreate" }).length, 0, "nothing was created");
  await assertAccessible(assert, popup, "all organizations");
  assert.deepEqual(h.fake.violations(), []);
  await closeBoth(h, both);
});

test("the watcher warns about every organization in the list, an unnamed one by its id, once per threshold; the badge counts them all", async () => {
  // The popup's list already let the watcher act (every list does): what it showed since the
  // spy was set up, before any list, is what the check would have shown.
  const reply = await h.send({ type: "checkNow" });
  assert.equal(reply.ok?.type, "checked", JSON.stringify(reply));
  const shown = await spied();
  const deploy = fakeToken("northwind", "Northwind deploy");
  const warning = Object.entries(shown).find(([id]) => id.includes(deploy.authorizationId));
  assert.ok(warning, `Northwind deploy is warned about: ${JSON.stringify(Object.keys(shown))}`);
  assert.equal(warning[0], `pat-pilot:warn:contoso:${deploy.authorizationId}:7`);
  assert.equal(warning[1].title, `Northwind deploy · an unnamed organization (id ${NORTHWIND})`);
  const sync = fakeToken("fabrikam", "Work items sync");
  const fab = Object.entries(shown).find(([id]) => id.includes(sync.authorizationId));
  assert.ok(fab, "fabrikam's token too");
  assert.equal(fab[1].title, `Work items sync · an unnamed organization (id ${fabrikamId})`);
  assert.ok(!Object.keys(shown).some((id) => id.includes(fakeToken("northwind", "Northwind feed").authorizationId)), "45 days: not due");
  assert.equal(await badge(), String(reply.ok.summary.due));

  // Once per token per threshold: a second check shows none of them again.
  await spyOnNotifications();
  const again = await h.send({ type: "checkNow" });
  assert.equal(again.ok?.type, "checked");
  const repeated = Object.keys(await spied()).filter((id) => id.startsWith("pat-pilot:warn:"));
  assert.deepEqual(repeated, []);
});

test("with the organization list offered, each organization is named; Extend, Rotate and Revoke go through the token's own organization while the tab is on contoso", async () => {
  // The public API accepts the session here (the only way to extend, docs/azure-devops.md §1).
  h.fake.configure({ myOrganizations: "list", lifecycle: "cookie" });
  h.fake.clearRecords();
  const badgeBefore = Number(await badge());
  const both = await allOrgsView();
  const { popup } = both;
  assert.deepEqual(await popup.locator(".org-heading").allInnerTexts(), [
    "contoso", "fabrikam", "northwind", "Global (all organizations)",
  ]);
  assert.ok(h.fake.requests({ route: "myOrganizations" }).some((r) => r.status === 200));

  // Revoke a token of northwind, never visited.
  const deploy = fakeToken("northwind", "Northwind deploy");
  await row(popup, "Northwind deploy").getByRole("button", { name: "Revoke Northwind deploy" }).click();
  await row(popup, "Northwind deploy").getByRole("button", { name: "Revoke", exact: true }).click();
  await popup.locator(".notice", { hasText: "Northwind deploy was revoked." }).waitFor({ timeout: 15_000 });
  assert.deepEqual(h.fake.requests({ route: "webRevoke" }).map((r) => [r.path, r.status]),
    [[`/northwind/_apis/Token/SessionTokens/${deploy.authorizationId}`, 200]]);
  assert.equal(fakeToken("northwind", "Northwind deploy").status, "revoked");
  await until(async () => Number(await badge()) === badgeBefore - 1, { what: "the badge counts one token less" });

  // Extend a token of fabrikam.
  const wiki = fakeToken("fabrikam", "Wiki bot");
  await row(popup, "Wiki bot").getByRole("button", { name: "Extend Wiki bot" }).click();
  await row(popup, "Wiki bot").getByRole("button", { name: "90 days" }).click();
  await popup.locator(".notice", { hasText: /^Wiki bot was extended\./ }).waitFor({ timeout: 15_000 });
  const updates = h.fake.requests({ route: "lifecycleUpdate" }).filter((r) => r.status === 200);
  assert.deepEqual(updates.map((r) => r.path), ["/fabrikam/_apis/tokens/pats"]);
  assert.ok(Date.parse(fakeToken("fabrikam", "Wiki bot").validTo) > Date.parse(wiki.validTo) + 60 * DAY);

  // Rotate a token of fabrikam: the replacement is made there, and its secret shown once.
  const before = h.fake.tokens("fabrikam").length;
  await row(popup, "Work items sync").getByRole("button", { name: "Rotate Work items sync" }).click();
  await popup.getByRole("heading", { name: "Token created" }).waitFor({ timeout: 15_000 });
  const creates = h.fake.requests({ route: "webCreate" });
  assert.deepEqual(creates.map((r) => [r.path, r.status]), [["/fabrikam/_apis/Contribution/HierarchyQuery", 200]]);
  assert.deepEqual(creates[0].body.dataProviderContext.properties.targetAccounts, [fabrikamId]);
  assert.equal(h.fake.tokens("fabrikam").length, before + 1);
  assert.equal(await popup.getByLabel("Personal access token").inputValue(), h.fake.issuedSecrets({ kind: "pat" }).at(-1));
  // Done: back to the list, still every organization's.
  await popup.getByRole("button", { name: "Done" }).click();
  await popup.getByRole("button", { name: "Tokens" }).click();
  await popup.getByRole("heading", { name: "Tokens in all organizations" }).waitFor();
  assert.deepEqual(h.fake.violations(), []);
  await closeBoth(h, both);
});

/** Catches the popup's downloads in `dir` (Chromium saves them under their suggested names). */
async function catchDownloads(popup, dir) {
  const session = await popup._cdp.newBrowserCDPSession();
  await session.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: dir });
  return session;
}

async function arrived(dir, pattern) {
  const name = await until(async () => (await readdir(dir)).find((f) => pattern.test(f)), { what: `a file like ${pattern}` });
  return { name, text: await readFile(path.join(dir, name), "utf8") };
}

test("the export of what is listed arrives as CSV and JSON: name, organization, scopes, created, expires, status — never a secret", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "pat-pilot-export-"));
  try {
    const both = await allOrgsView();
    const { popup } = both;
    const session = await catchDownloads(popup, dir);
    await popup.getByRole("button", { name: "CSV" }).click();
    const csv = await arrived(dir, /^pat-pilot-tokens-all-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.text.split("\r\n");
    assert.equal(lines[0], "name,organization,scopes,created,expires,status,id,organization_id");
    const records = lines.slice(1).filter(Boolean).map((l) => l.split(","));
    // (The rotated "Work items sync" and its replacement share a name: the map keeps one.)
    const byName = new Map(records.map((r) => [r[0], r]));
    const wiki = fakeToken("fabrikam", "Wiki bot");
    assert.deepEqual(byName.get("Wiki bot").slice(1, 3), ["fabrikam", "vso.wiki_write"]);
    assert.equal(byName.get("Wiki bot")[6], wiki.authorizationId);
    assert.equal(byName.get("Wiki bot")[7], fabrikamId);
    assert.deepEqual(byName.get("Northwind feed").slice(1, 3), ["northwind", "vso.packaging"]);
    assert.equal(byName.get("Northwind feed")[5], "active");
    assert.equal(byName.get("Git (laptop)")[1], "contoso");
    assert.equal(byName.get("Old global token")[1], "all");
    assert.ok(!byName.has("Northwind deploy") && !byName.has("Old deploy script"), "revoked tokens are not listed");
    assert.match(byName.get("Build agent")[4], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);

    await popup.getByRole("button", { name: "JSON" }).click();
    const json = await arrived(dir, /^pat-pilot-tokens-all-\d{4}-\d{2}-\d{2}\.json$/);
    const doc = JSON.parse(json.text);
    assert.equal(doc.format, "pat-pilot/tokens");
    assert.deepEqual(Object.keys(doc.tokens[0]).sort(), ["created", "expires", "id", "name", "organization", "organizationId", "scopes", "status"]);
    assert.deepEqual(doc.tokens.map((t) => t.name).sort(), records.map((r) => r[0]).sort());
    assert.equal(records.filter((r) => r[0] === "Work items sync" && r[1] === "fabrikam").length, 2, "the rotated token and its replacement");

    // This organization's export: its tokens only.
    await popup.getByRole("button", { name: "This organization" }).click();
    await popup.getByRole("heading", { name: "Your tokens in contoso" }).waitFor({ timeout: 15_000 });
    await popup.locator(".token-list").first().waitFor({ timeout: 15_000 });
    await popup.getByRole("button", { name: "CSV" }).click();
    const own = await arrived(dir, /^pat-pilot-tokens-contoso-\d{4}-\d{2}-\d{2}\.csv$/);
    const orgs = new Set(own.text.split("\r\n").slice(1).filter(Boolean).map((l) => l.split(",")[1]));
    assert.deepEqual([...orgs].sort(), ["all", "contoso"]);

    for (const file of [csv, json, own]) {
      for (const secret of h.fake.issuedSecrets()) assert.ok(!file.text.includes(secret), `${file.name} holds no secret`);
    }
    await session.detach().catch(() => {});
    await closeBoth(h, both);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
