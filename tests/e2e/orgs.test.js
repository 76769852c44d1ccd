// Every organization's tokens, as Azure DevOps lists them (docs/azure-devops.md §4.2): the list
// through contoso holds fabrikam's tokens too. Each token is shown, warned about and changed
// under its own organization only. The public API refuses the browser session (the fake's
// default), so Extend from a notification says it needs that API and offers Rotate, which makes
// the replacement in the token's organization; the popup then shows its secret.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Harness } from "./harness.js";
import { seedPresets, popupOn, closeBoth, until } from "./popup-helpers.js";

let h;
before(async () => {
  h = await Harness.start();
  await seedPresets(h);
  await h.openAdo("https://dev.azure.com/contoso/");
  for (const name of ["contoso", "fabrikam"]) {
    const hello = await h.send({ type: "hello", org: { name, style: "modern" } });
    assert.equal(hello.ok?.session?.state, "signedIn", JSON.stringify(hello));
  }
  // Before any list: every list lets the watcher notify.
  await spyOnNotifications();
});
after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

const org = (name) => ({ name, style: "modern" });
const token = (orgName, name) => h.fake.tokens(orgName).find((t) => t.displayName === name);

async function names(orgName) {
  const reply = await h.send({ type: "listTokens", org: org(orgName) });
  assert.equal(reply.ok?.type, "tokens", JSON.stringify(reply));
  return reply.ok.tokens.map((t) => t.name).sort();
}

/** Records what each notification says (until the worker stops). */
async function spyOnNotifications() {
  await h.inWorker(() => {
    if (globalThis.shownForTest) return;
    globalThis.shownForTest = {};
    const create = chrome.notifications.create.bind(chrome.notifications);
    chrome.notifications.create = (id, options) => {
      globalThis.shownForTest[id] = options;
      return create(id, options);
    };
  });
}
const spied = () => h.inWorker(() => globalThis.shownForTest ?? {});
const pressButton = (id, index) =>
  h.inWorker(([id, index]) => Promise.all(chrome.notifications.onButtonClicked.dispatch(id, index).results), [id, index]);

test("each organization shows its own tokens, though each list Azure DevOps sent held both", async () => {
  h.fake.clearRecords();
  const contoso = await names("contoso");
  const fabrikam = await names("fabrikam");
  for (const theirs of ["Wiki bot", "Work items sync"]) {
    assert.ok(!contoso.includes(theirs), `${theirs} is fabrikam's`);
    assert.ok(fabrikam.includes(theirs));
  }
  for (const ours of ["Build agent", "npm feed (CI)", "Git (laptop)"]) {
    assert.ok(contoso.includes(ours));
    assert.ok(!fabrikam.includes(ours), `${ours} is contoso's`);
  }
  // A global token works (worked) everywhere: both show it.
  assert.ok(contoso.includes("Old global token") && fabrikam.includes("Old global token"));
  const lists = h.fake.requests({ route: "webList" });
  assert.equal(lists.length, 2);
  assert.ok(lists.every((r) => r.query.pageRequestTimeStamp?.endsWith(" GMT")));
  assert.deepEqual(h.fake.violations(), []);
});

test("a check warns about each token under its own organization only", async () => {
  await spyOnNotifications();
  const reply = await h.send({ type: "checkNow" });
  assert.equal(reply.ok?.type, "checked", JSON.stringify(reply));
  const shown = await spied();
  const warnings = Object.entries(shown).filter(([id]) => id.startsWith("pat-pilot:warn:"));
  const byToken = new Map(warnings.map(([id, n]) => [id.split(":")[3], { id, title: n.title }]));
  const expect = [
    ["contoso", "Build agent"], ["contoso", "npm feed (CI)"], ["contoso", "Git (laptop)"],
    ["fabrikam", "Work items sync"],
  ];
  for (const [orgName, name] of expect) {
    const warning = byToken.get(token(orgName, name).authorizationId);
    assert.ok(warning, `${name} is warned about`);
    assert.ok(warning.id.startsWith(`pat-pilot:warn:${orgName}:`), warning.id);
    assert.equal(warning.title, `${name} · ${orgName}`);
  }
  assert.ok(!byToken.has(token("fabrikam", "Wiki bot").authorizationId), "20 days: not due");
  assert.ok(
    !warnings.some(([id, n]) => id.startsWith("pat-pilot:warn:contoso:") && / · fabrikam$|Work items sync/.test(n.title)),
    "no fabrikam token under contoso",
  );
});

test("a token is revoked through its own organization, whichever organization asks", async () => {
  h.fake.clearRecords();
  const wiki = token("fabrikam", "Wiki bot");
  const reply = await h.send({ type: "revoke", org: org("contoso"), id: wiki.authorizationId });
  assert.equal(reply.ok?.type, "revoked", JSON.stringify(reply));
  assert.deepEqual(h.fake.requests({ route: "webRevoke" }).map((r) => [r.path, r.status]),
    [[`/fabrikam/_apis/Token/SessionTokens/${wiki.authorizationId}`, 200]]);
  assert.equal(token("fabrikam", "Wiki bot").status, "revoked");
});

test("Extend from a notification says it needs the public API and offers Rotate; Rotate makes the replacement in the token's organization, shown by the popup", async () => {
  await spyOnNotifications();
  const sync = token("fabrikam", "Work items sync");
  h.fake.clearRecords();
  await pressButton(`pat-pilot:warn:fabrikam:${sync.authorizationId}:7`, 0);
  const unavailable = `pat-pilot:extendUnavailable:fabrikam:${sync.authorizationId}`;
  const said = (await spied())[unavailable];
  assert.ok(said, JSON.stringify(Object.keys(await spied())));
  assert.equal(said.title, "Could not extend Work items sync · fabrikam");
  assert.match(said.message, /Extend needs Azure DevOps' public API, which does not accept this browser session\. Rotate/);
  assert.deepEqual(said.buttons.map((b) => b.title), ["Rotate", "Open token page"]);
  assert.equal(h.fake.requests({ route: "lifecycleUpdate" }).filter((r) => r.status === 200).length, 0);

  const tokensBefore = h.fake.tokens("fabrikam").length;
  await pressButton(unavailable, 0);
  const rotated = (await spied())[`pat-pilot:rotated:fabrikam:${sync.authorizationId}`];
  assert.ok(rotated, "a notification says the replacement is ready");
  assert.match(rotated.title, /^New token: .* · fabrikam$/);
  assert.match(rotated.message, /It replaces Work items sync\. Click the PAT Pilot icon within 10 minutes/);
  const creates = h.fake.requests({ route: "webCreate" });
  assert.deepEqual(creates.map((r) => [r.path, r.status]), [["/fabrikam/_apis/Contribution/HierarchyQuery", 200]]);
  assert.deepEqual(creates[0].body.dataProviderContext.properties.targetAccounts, [h.fake.org("fabrikam").id]);
  await until(() => h.fake.tokens("fabrikam").length === tokensBefore + 1, { what: "one new token in fabrikam" });

  // The popup shows its secret once.
  const both = await popupOn(h, "https://dev.azure.com/fabrikam/");
  await both.popup.getByRole("heading", { name: "Token created" }).waitFor({ timeout: 15_000 });
  assert.equal(await both.popup.getByLabel("Personal access token").inputValue(), h.fake.issuedSecrets({ kind: "pat" }).at(-1));
  await closeBoth(h, both);
});
