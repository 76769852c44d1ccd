// PAT Pilot in Firefox ESR against the fake Azure DevOps: the popup on an organization, a create
// from a preset whose secret shows once, the list, a revoke, a watcher check that raises a
// notification, the popup's keyboard shortcut, and what the README claims about Firefox: the
// background's requests carry the person's Azure DevOps session cookies. Last, the "no site
// access" state for a Firefox where the person withdrew (or was never asked for) the host
// permissions.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { EXTENSION_DIR, FirefoxHarness, within } from "./harness.js";
import { PRESETS } from "../e2e/popup-helpers.js";

const HOST_ORIGINS = ["https://dev.azure.com/*", "https://vssps.dev.azure.com/*", "https://*.visualstudio.com/*"];
// Routes only the extension calls: the tab loads Azure DevOps pages, never these.
const PAGE_ROUTES = new Set(["page", "landing", "signIn", "signOut", "signInService", "evil", null]);

// Held before it is up, so that `after` can end whatever a failed `before` launched.
const h = new FirefoxHarness();
// Set once `before` finished: only then have the tests run, and is there anything to scan.
let ready = false;
// Set once signed in: the session cookie Firefox holds and where the fake's record then stood.
let session;
// Bounds on the hooks: none may keep the run waiting (`after` once hung over 20 minutes on a
// Firefox that no longer answered), and `close()` ends Firefox and the servers in any state.
const SETUP_MS = 180_000;
const LEAK_SCAN_MS = 90_000;
before(async () => {
  await h.launch();
  // The worker seeds its starting presets on install; then ours replace them.
  const deadline = Date.now() + 10_000;
  while (!(await h.storage("sync"))["preset-seeded"] && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await h.ext(async (presets) => {
    const all = await browser.storage.sync.get(null);
    await browser.storage.sync.remove(Object.keys(all).filter((k) => k.startsWith("preset")));
    const items = { "preset-order": { v: 1, ids: presets.map((p) => p.id) }, "preset-seeded": { v: 1, at: new Date().toISOString() } };
    for (const p of presets) items[`preset:${p.id}`] = { v: 1, ...p };
    await browser.storage.sync.set(items);
  }, PRESETS);
  // The demo's global token lives 60 days: with the retirement a year away it sorts by its own
  // expiry, whatever day this runs.
  await h.setRetirement(new Date(Date.now() + 365 * 24 * 3600 * 1000));
  ready = true;
}, { timeout: SETUP_MS });
after(async () => {
  try {
    // After a failed `before` no test ran: its error is the report, and Firefox may not answer.
    if (ready) {
      await within(LEAK_SCAN_MS, h.assertNoLeaks(), () => {
        throw new Error(`the leak scan did not finish in ${LEAK_SCAN_MS / 1000} s: Firefox stopped answering`);
      });
    }
  } finally {
    await h.close();
  }
}, { timeout: LEAK_SCAN_MS + 60_000 });

function apiRequests(since = 0) {
  return h.fake.requests().slice(since).filter((r) => !PAGE_ROUTES.has(r.route));
}

test("signed out the popup says so; signed in, every request of the background carries the session cookie", async (t) => {
  t.diagnostic(`host permissions granted at install: ${await h.ext((o) => browser.permissions.contains({ origins: o }), HOST_ORIGINS)}`);
  const tab = await h.openAdo("https://dev.azure.com/contoso/", { signIn: false });
  let popup = await h.openPopup();
  await popup.waitFor("#view", { text: "You are signed out of Azure DevOps" });
  const unsigned = apiRequests();
  assert.ok(unsigned.length > 0, "the background asked Azure DevOps");
  assert.ok(unsigned.every((r) => !/UserAuthentication=/.test(r.headers.cookie ?? "")), "no cookie before signing in");

  await tab.goto("https://dev.azure.com/contoso/_fakeSignIn");
  await tab.goto("https://dev.azure.com/contoso/");
  await tab.bringToFront();
  const cookie = (await h.browser.cookies()).find((c) => c.name === "UserAuthentication");
  assert.ok(cookie?.value, "the tab holds the session cookie");
  const since = h.fake.requests().length;
  session = { cookie: cookie.value, since };
  popup = await h.openPopup();
  await popup.waitFor(".who", { text: "Ada Lovelace" });
  const signed = apiRequests(since);
  assert.ok(signed.length > 0, "the background asked Azure DevOps again");
  for (const r of signed) {
    assert.match(r.headers.cookie ?? "", new RegExp(`(^|; )UserAuthentication=${cookie.value}(;|$)`), `${r.method} ${r.host}${r.path} carried the session cookie`);
    // The extension's fetch, not the tab's: no navigation, no Azure DevOps page as referrer.
    assert.ok(r.headers["sec-fetch-mode"] !== "navigate" && !r.headers.referer, `${r.path} came from the extension`);
  }
  t.diagnostic(`${signed.length} background requests (${[...new Set(signed.map((r) => r.route))].join(", ")}) carried the cookie`);
  await h.closePopup();
});

test("a preset creates the token it describes and the popup shows its secret once", async () => {
  const popup = await h.openPopup();
  await popup.waitFor(".who", { text: "Ada Lovelace" });
  await popup.click("Git", { prefix: true });
  await popup.waitFor("h2, h1", { text: "Token created" });
  const secret = await popup.value("#secret");
  assert.equal(secret, h.fake.issuedSecrets({ kind: "pat" }).at(-1), "the secret the fake issued");
  const create = h.fake.requests().filter((r) => /Create$/.test(r.route ?? "") && r.method === "POST").at(-1);
  assert.ok(create, "the fake got a create");
  assert.match(await popup.text(".facts"), /Code: Read & write/);
  // Shown: the engine forgets its copy.
  const deadline = Date.now() + 5_000;
  while ((await h.storage("session")).pending && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal((await h.storage("session")).pending, undefined, "no secret waits in storage.session");

  await h.closePopup();
  const again = await h.openPopup();
  await again.waitFor(".who", { text: "Ada Lovelace" });
  assert.ok(!(await again.text()).includes(secret), "a second popup does not show the secret again");
  assert.equal(await again.value("#secret"), null);
  await h.closePopup();
});

test("the Tokens view lists the organization's tokens, and Revoke (confirmed) revokes at Azure DevOps", async () => {
  const popup = await h.openPopup();
  await popup.waitFor(".who", { text: "Ada Lovelace" });
  await popup.click("Tokens");
  await popup.waitFor(".token-list");
  const names = await popup.texts(".token-list > li:not([hidden]) .token-name");
  assert.equal(names[0], "Build agent", names.join(", "));
  assert.ok(names.includes("Release pipeline") && names.includes("npm feed (CI)"), names.join(", "));
  assert.ok(!names.includes("Old deploy script"), "revoked tokens are left out");
  assert.ok(!names.includes("Wiki bot"), "fabrikam's tokens are not here");

  await popup.click("Revoke Release pipeline");
  await popup.waitFor("#view", { text: "Revoke Release pipeline? Anything still using it stops working." });
  await popup.click("Revoke");
  await popup.waitFor("#view", { text: "Release pipeline was revoked." });
  const token = h.fake.tokens("contoso").find((x) => x.displayName === "Release pipeline");
  assert.equal(token.status, "revoked");
  await h.closePopup();
});

test("a watcher check raises a notification for a token about to expire", async () => {
  // The popups above listed the tokens, which already warned: start from an empty tray.
  await h.ext(async () => {
    await browser.storage.local.remove("notified");
    for (const id of Object.keys(await browser.notifications.getAll())) await browser.notifications.clear(id);
  });
  const before = (await h.notified()).length;
  const reply = await h.send({ type: "checkNow" });
  assert.equal(reply.ok?.type, "checked", JSON.stringify(reply));
  assert.ok(reply.ok.summary.notified >= 1, JSON.stringify(reply.ok.summary));
  const agent = h.fake.tokens("contoso").find((x) => x.displayName === "Build agent");
  const id = `pat-pilot:warn:contoso:${agent.authorizationId}:1`;
  const raised = (await h.notified()).slice(before);
  assert.equal(raised.length, reply.ok.summary.notified, "one notification per warning counted");
  const shown = raised.filter((n) => n.id === id);
  assert.equal(shown.length, 1, `${id} was raised once; raised: ${JSON.stringify(raised.map((n) => n.id))}`);
  assert.equal(shown[0].options.title, "Build agent · contoso");
  assert.match(shown[0].options.message, /^Expires in (11|12) hours/);
  // Firefox has no notification buttons: ext.js shows the notification without them.
  assert.equal(shown[0].options.buttons, undefined);
});

test("every request the background sent since signing in carried the session cookie", (t) => {
  assert.ok(session, "signed in by the first test");
  const sent = apiRequests(session.since);
  const routes = new Set(sent.map((r) => r.route));
  for (const route of ["connectionData", "webList", "webCreate", "webRevoke"]) assert.ok(routes.has(route), `${route} was among them: ${[...routes]}`);
  for (const r of sent) {
    assert.match(r.headers.cookie ?? "", new RegExp(`(^|; )UserAuthentication=${session.cookie}(;|$)`), `${r.method} ${r.host}${r.path}`);
    // The organization list (docs/azure-devops.md §12.4) is refused by the fake's default, the
    // stricter case; the watcher asks it for fabrikam's tokens, which nobody can name here.
    if (r.route === "myOrganizations") assert.equal(r.status, 401, `${r.route} answered ${r.status}`);
    else assert.ok(r.status < 400, `${r.route} answered ${r.status}`);
  }
  t.diagnostic(`${sent.length} requests: ${[...routes].join(", ")}`);
});

test("Firefox assigns the popup's keyboard shortcut the manifest suggests", async () => {
  const manifest = JSON.parse(await readFile(path.join(EXTENSION_DIR, "manifest.json"), "utf8"));
  const suggested = manifest.commands?._execute_action?.suggested_key?.default;
  assert.ok(suggested, "the manifest suggests a shortcut");
  const commands = await h.ext(() => browser.commands.getAll());
  assert.equal(commands.find((c) => c.name === "_execute_action")?.shortcut, suggested);
});

test("without the host permissions the popup says it needs site access and asks nothing of Azure DevOps", async () => {
  const removed = await h.ext((o) => browser.permissions.remove({ origins: o }), HOST_ORIGINS);
  assert.equal(removed, true, "Firefox lets the person withdraw the host permissions");
  assert.equal(await h.ext((o) => browser.permissions.contains({ origins: o }), HOST_ORIGINS), false);
  const since = h.fake.requests().length;
  const popup = await h.openPopup();
  // Without access Firefox hides the tab's URL too: the popup cannot tell it is on contoso,
  // so it asks for access first, not "Not an Azure DevOps organization".
  await popup.waitFor("#view h2", { text: "PAT Pilot needs access to dev.azure.com" });
  assert.doesNotMatch(await popup.text("#view"), /Not an Azure DevOps organization/);
  assert.ok((await popup.texts("#view button")).includes("Allow access"), "it offers to ask for access");
  assert.deepEqual(apiRequests(since).map((r) => r.route), [], "no request without access");
  await h.closePopup();
});
