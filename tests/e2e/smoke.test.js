// The foundation works end to end: the worker answers the protocol, the real popup renders from
// Rust, and the worker's fetches carry the Azure DevOps session cookie.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Harness } from "./harness.js";

let h;
before(async () => { h = await Harness.start(); });
after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

test("the service worker answers ping through the protocol with its version", async () => {
  const manifest = await h.inWorker(() => chrome.runtime.getManifest());
  const reply = await h.send({ type: "ping" });
  assert.deepEqual(reply, { ok: { type: "pong", version: manifest.version } });
});

test("Alt+Shift+K is assigned to open the popup, and the options page can read it", async () => {
  const inWorker = await h.inWorker(() => chrome.commands.getAll());
  const action = inWorker.find((c) => c.name === "_execute_action");
  assert.equal(action?.shortcut, "Alt+Shift+K", JSON.stringify(inWorker));
  // The same answer through ext.js, as src/browser reads it on an extension page.
  const page = await h.protocolPage();
  const viaShim = await page.evaluate(async () => (await import("./ext.js")).commands());
  assert.deepEqual(viaShim, inWorker.map(({ name, shortcut }) => ({ name, shortcut })));
});

test("the engine refuses malformed requests as data, not by throwing", async () => {
  const reply = await h.send({ type: "ping", sneaky: true });
  assert.equal(reply.error?.kind, "badRequest");
});

test("the real popup opens over an Azure DevOps tab and is rendered by Rust", async () => {
  const tab = await h.openAdo("https://dev.azure.com/contoso/");
  const popup = await h.openPopup(tab);
  await popup.getByRole("heading", { name: "PAT Pilot" }).waitFor();
  assert.match(await popup.locator("#app").innerText(), /\d+\.\d+\.\d+/);
  await h.closePopup(popup);
  await tab.close();
});

test("after signing in, the worker's fetch to connectionData carries the session cookie", async () => {
  const tab = await h.openAdo("https://dev.azure.com/contoso/");
  const status = await h.inWorker(async () => {
    const r = await fetch("https://dev.azure.com/contoso/_apis/connectionData", {
      credentials: "include",
      headers: { "X-TFS-FedAuthRedirect": "Suppress" },
    });
    return r.status;
  });
  assert.equal(status, 200);
  const seen = h.fake.requests().filter((r) => r.path.endsWith("/_apis/connectionData"));
  assert.ok(seen.length > 0, "the fake saw the request");
  assert.match(seen.at(-1).headers.cookie ?? "", /UserAuthentication=/);
  await tab.close();
});

test("a fresh install starts with three presets, seeded once with fixed ids", async () => {
  const page = await h.protocolPage();
  const deadline = Date.now() + 5_000;
  let sync = {};
  while (Date.now() < deadline) {
    sync = await page.evaluate(() => chrome.storage.sync.get(null));
    if (sync["preset-seeded"]) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const presets = Object.keys(sync).filter((k) => k.startsWith("preset:")).sort();
  assert.deepEqual(presets, ["preset:builtin-feeds-read", "preset:builtin-git", "preset:builtin-read-only"]);
  assert.equal(sync["preset:builtin-git"].lifetimeDays, 30);

  // Deleting them all does not bring them back when the worker starts again.
  await page.evaluate((keys) => chrome.storage.sync.remove(keys), presets);
  await h.stopWorker();
  assert.deepEqual(await h.send({ type: "ping" }).then((r) => Object.keys(r)), ["ok"]);
  // The wake-up runs beside the message: look a few times for presets that should not come.
  for (let i = 0; i < 5; i++) {
    const after = await page.evaluate(() => chrome.storage.sync.get(null));
    assert.deepEqual(Object.keys(after).filter((k) => k.startsWith("preset:")), []);
    await new Promise((r) => setTimeout(r, 100));
  }
});
