// Limits the worker keeps without anyone watching: a created token's secret leaves
// storage.session when its time is up, with no popup opened (the alarm set at the create wakes
// the worker); an answer larger than the cap is refused with a clear error, and nothing of it is
// cached.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { Harness } from "./harness.js";
import { seedPresets, until } from "./popup-helpers.js";

// The pending secret's 10 minutes, shortened for this test (see ARCHITECTURE.md "Test-only
// override"): it lives in the worker's global, which only the DevTools protocol reaches.
const TTL_MS = 4_000;

let h;
before(async () => {
  h = await Harness.start();
  await seedPresets(h);
  // Signed in to the fake (the session cookie stays with the browser).
  await (await h.openAdo()).close();
});
afterEach(() => h.fake.clearFaults());
after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

const session = async () => JSON.stringify(await h.storage("session"));
const secretsIn = async (text) => h.fake.issuedSecrets().filter((s) => text.includes(s));

async function createWithShortTtl(presetId) {
  await h.inWorker((ms) => { globalThis.__patPilotTest = { pendingTtlMs: ms }; }, TTL_MS);
  const reply = await h.send({ type: "createFromPreset", org: { name: "contoso", style: "modern" }, presetId, lifetimeDays: null });
  assert.ok(reply.ok?.created, JSON.stringify(reply));
  return reply.ok.created.secret;
}

test("a secret nobody came for, and its quarantined copy, leave storage.session when its time is up", async () => {
  const secret = await createWithShortTtl("git");
  // A quarantined copy of a garbled `pending` that held it (copies are named by their time).
  const page = await h.protocolPage();
  await page.evaluate(([key, secret]) => chrome.storage.session.set({ [key]: { v: 99, items: [{ secret }] } }), [`quarantine:pending:${Date.now() - 500}`, secret]);
  assert.equal((await secretsIn(await session())).length, 1, "waiting for a popup");

  // No popup opens; the one-off alarm comes.
  const started = Date.now();
  await until(async () => (await secretsIn(await session())).length === 0, { ms: 30_000, every: 250, what: "the secret to expire" });
  assert.ok(Date.now() - started >= TTL_MS - 1_000, "not before its time");
  assert.ok(!(await session()).includes("quarantine:"), await session());
});

test("the alarm wakes a stopped worker, which removes the expired secret on waking", async () => {
  await createWithShortTtl("feeds");
  assert.equal((await secretsIn(await session())).length, 1);
  await h.stopWorker();
  await until(async () => (await secretsIn(await session())).length === 0, { ms: 30_000, every: 250, what: "the secret to expire" });
  assert.ok(h.context.serviceWorkers().some((w) => w.url().includes(h.extensionId)), "the alarm woke the worker");
});

test("an answer larger than the cap is refused with a clear error, and nothing of it is cached", async () => {
  const list = await h.send({ type: "listTokens", org: { name: "contoso", style: "modern" } });
  assert.equal(list.ok?.stale, false, JSON.stringify(list));
  const cached = JSON.stringify((await h.storage("local"))["tokens:contoso"]);

  // 6 MB, chunked, with no Content-Length to trust (the cap is 4 MB).
  h.fake.fault({ route: "webList", hugeBodyBytes: 6 * 1024 * 1024 });
  h.fake.fault({ route: "lifecycleList", hugeBodyBytes: 6 * 1024 * 1024 });
  const refused = await h.send({ type: "listTokens", org: { name: "contoso", style: "modern" } });
  assert.equal(refused.ok?.stale, true, JSON.stringify(refused).slice(0, 500));
  assert.equal(refused.ok.error.kind, "tooLarge");
  assert.match(refused.ok.error.message, /too large/);
  assert.equal(JSON.stringify((await h.storage("local"))["tokens:contoso"]), cached, "the cache is as it was");
  assert.deepEqual(refused.ok.tokens.map((t) => t.id), list.ok.tokens.map((t) => t.id), "the cached list stands in");
});
