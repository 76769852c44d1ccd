// A create cut off by the browser stopping the worker, at each step: before the request; after
// Azure DevOps made the token, while its answer was still arriving (before the secret was
// saved); after the secret was saved, before any popup showed it. Each time the next popup shows
// either exactly one token with its secret, or that a token may have been (or was) created,
// naming it — and there is never a silent second token.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { Harness } from "./harness.js";
import { seedPresets, popupOn, closeBoth, until } from "./popup-helpers.js";

let h;
before(async () => {
  h = await Harness.start();
  await seedPresets(h);
});
afterEach(() => h.fake.clearFaults());
after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

const today = () => new Date().toISOString().slice(0, 10);
const createRequests = () => h.fake.requests().filter((r) => (r.route === "webCreate" || r.route === "lifecycleCreate") && r.method === "POST").length;
const liveTokens = (org) => h.fake.tokens(org).filter((t) => t.status === "active").length;
const session = async () => h.storage("session");

/** Sends a create from an extension page without waiting for its answer (it never comes). */
async function startCreate(org, presetId) {
  const page = await h.protocolPage();
  const request = { type: "createFromPreset", org: { name: org, style: "modern" }, presetId, lifetimeDays: null };
  // The answer is lost with the worker: the page's promise rejects, which is expected here.
  page.evaluate((m) => chrome.runtime.sendMessage(m).catch((e) => ({ lost: String(e) })), request).catch(() => {});
}

/** The problem panel the popup shows first, as text. */
async function panel(popup) {
  const box = popup.locator(".panel.problem");
  await box.waitFor({ timeout: 20_000 });
  return box.innerText();
}

test("stopped before the request: no token, and the next popup names the one that may have been created", async () => {
  // fabrikam has not been opened in this browser: the create must first ask connectionData,
  // which Azure DevOps answers late. The worker is stopped while it waits.
  const tokens = liveTokens("fabrikam");
  const creates = createRequests();
  const asked = h.fake.requests({ route: "connectionData" }).length;
  h.fake.fault({ route: "connectionData", delayMs: 20_000 });
  await startCreate("fabrikam", "git");
  await until(async () => h.fake.requests({ route: "connectionData" }).length > asked, { what: "the create's connectionData" });
  assert.ok("inflight:fabrikam" in (await session()), "the marker is written before the first request");
  await h.stopWorker();
  h.fake.clearFaults();

  await h.send({ type: "ping" }); // openPopup needs a live worker
  const both = await popupOn(h, "https://dev.azure.com/fabrikam/");
  const name = `Git · fabrikam · ${today()}`;
  const text = await panel(both.popup);
  assert.match(text, /A token may have been created — check Tokens/);
  assert.ok(text.includes(`“${name}”`), `the candidate is named: ${text}`);
  await both.popup.getByRole("button", { name: "Check Tokens" }).waitFor();
  assert.equal(createRequests(), creates, "no create request was sent");
  assert.equal(liveTokens("fabrikam"), tokens, "no token was made");
  assert.ok(!("inflight:fabrikam" in (await session())), "settled once");
  await closeBoth(h, both);
});

test("stopped after Azure DevOps made the token, before its secret was saved: the next popup names it", async () => {
  const tokens = liveTokens("contoso");
  const creates = createRequests();
  // The answer with the secret is cut off in transit; the token exists.
  h.fake.fault({ route: "webCreate", holdAnswer: true });
  h.fake.fault({ route: "lifecycleCreate", holdAnswer: true });
  await startCreate("contoso", "feeds");
  const name = `Package feeds · ${today()}`;
  await until(() => h.fake.tokens("contoso").some((t) => t.displayName === name && t.status === "active"), { what: "the token to be made" });
  await h.stopWorker();
  h.fake.clearFaults();
  assert.ok(!JSON.stringify(await session()).includes(h.fake.issuedSecrets({ kind: "pat" }).at(-1)), "its secret never reached storage");

  await h.send({ type: "ping" });
  const both = await popupOn(h);
  const text = await panel(both.popup);
  assert.match(text, /The token was created, but its secret was lost/);
  assert.ok(text.includes(name), `the token is named: ${text}`);
  assert.equal(createRequests() - creates, 1, "one create request");
  assert.equal(liveTokens("contoso") - tokens, 1, "exactly one token");
  await closeBoth(h, both);
});

test("stopped after the secret was saved, before a popup showed it: the next popup shows it, once", async () => {
  const tokens = liveTokens("contoso");
  const creates = createRequests();
  const reply = await h.send({ type: "createFromPreset", org: { name: "contoso", style: "modern" }, presetId: "read", lifetimeDays: null });
  assert.ok(reply.ok?.created, JSON.stringify(reply));
  const secret = h.fake.issuedSecrets({ kind: "pat" }).at(-1);
  // Nothing painted it (the page that asked is not a popup): it waits in storage.session.
  assert.ok(JSON.stringify((await session()).pending).includes(secret));
  await h.stopWorker();

  await h.send({ type: "ping" });
  const both = await popupOn(h);
  await both.popup.getByRole("heading", { name: "Token created" }).waitFor({ timeout: 15_000 });
  assert.equal(await both.popup.getByLabel("Personal access token").inputValue(), secret);
  assert.equal(await both.popup.locator(".panel.problem").count(), 0, "nothing reported lost");
  // Painted: the popup lets the engine forget it.
  await until(async () => !JSON.stringify(await session()).includes(secret), { what: "the shown secret to leave storage.session" });
  await closeBoth(h, both);

  const again = await popupOn(h);
  await again.popup.locator(".preset").first().waitFor();
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await again.popup.getByRole("heading", { name: "Token created" }).count(), 0, "shown once");
  await closeBoth(h, again);
  assert.equal(createRequests() - creates, 1);
  assert.equal(liveTokens("contoso") - tokens, 1);
});
