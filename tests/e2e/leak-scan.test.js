// The leak scan itself: it must find a secret wherever one is planted, and its walk through
// storage.session (forget one waiting secret, expire the others) must leave none behind. The
// first tests need no browser; the last run the scan against the built extension.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Harness, findLeaks, sessionLeaks } from "./harness.js";
import { seedPresets } from "./popup-helpers.js";

const PAT = "3p7xq2kfw9hzm4tlc6vbr8ynd5jgs0ua1oei7wq3xk2mzp9lf4ta";
const BEARER = "eyJ0eXAiOiJKV1QifQ.fake-bearer.c2lnbmF0dXJl";
const NOW = Date.parse("2030-01-01T00:00:00Z");
const later = new Date(NOW + 60_000).toISOString();
const earlier = new Date(NOW - 60_000).toISOString();

test("a planted secret is found in any place, also inside a Basic header", () => {
  assert.deepEqual(findLeaks([PAT], { console: "nothing here", badge: "" }), []);
  assert.match(findLeaks([PAT], { console: `log: ${PAT}` })[0], /^console contains/);
  const basic = Buffer.from(`:${PAT}`).toString("base64");
  assert.equal(findLeaks([PAT], { "diagnostics report of contoso": `{"authorization":"Basic ${basic}"}` }).length, 1);
  assert.equal(findLeaks([PAT, BEARER], { "storage.local quarantine:tokens:contoso:1": JSON.stringify({ raw: BEARER }) }).length, 1);
});

test("storage.session: a secret may wait only in a live pending item, a bearer only under bearer:<org>", () => {
  const secrets = { pats: [PAT], bearers: [BEARER] };
  const pending = (expiresAt) => ({ v: 1, items: [{ created: { secret: PAT, token: { id: "x" } }, expiresAt }] });
  assert.deepEqual(sessionLeaks({ pending: pending(later), "bearer:contoso": { v: 1, token: BEARER } }, secrets, NOW), []);
  assert.equal(sessionLeaks({ pending: pending(earlier) }, secrets, NOW).length, 1, "expired");
  assert.equal(sessionLeaks({ pending: pending(later) }, secrets, NOW, { pendingAllowed: false }).length, 1, "forgotten");
  assert.equal(sessionLeaks({ "quarantine:pending:1": { raw: pending(later) } }, secrets, NOW).length, 1, "a quarantined copy");
  assert.equal(sessionLeaks({ "inflight:contoso": { v: 1, name: PAT } }, secrets, NOW).length, 1, "another key");
  assert.equal(sessionLeaks({ pending: { ...pending(later), note: BEARER } }, secrets, NOW).length, 1, "a bearer beside pending");
});

let h;
before(async () => {
  h = await Harness.start();
  await seedPresets(h);
  await h.openAdo("https://dev.azure.com/contoso/");
  const hello = await h.send({ type: "hello", org: { name: "contoso", style: "modern" } });
  assert.equal(hello.ok?.session?.state, "signedIn", JSON.stringify(hello));
});
after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

test("against the extension: two secrets no popup showed are forgotten and expired, and nothing is left", async () => {
  for (let i = 0; i < 2; i += 1) {
    const reply = await h.send({ type: "createFromPreset", org: { name: "contoso", style: "modern" }, presetId: "git", lifetimeDays: null });
    assert.equal(reply.ok?.type, "created", JSON.stringify(reply));
  }
  assert.equal((await h.storage("session")).pending?.items?.length, 2, "both wait in storage.session");
  const { places, leaks } = await h.leakPlaces();
  assert.deepEqual(leaks, []);
  assert.equal((await h.storage("session")).pending, undefined, "no secret waits any more");
  assert.match(places["diagnostics report of contoso"] ?? "", /"checks"/, "the report was read");
  assert.ok(h.fake.issuedSecrets({ kind: "pat" }).length >= 2);
});

test("against the extension: a secret planted in storage, a quarantine key or the worker's console is found", async () => {
  const [secret] = h.fake.issuedSecrets({ kind: "pat" });
  const plant = async (area, items) => (await h.protocolPage()).evaluate(([a, i]) => chrome.storage[a].set(i), [area, items]);
  const unplant = async (area, key) => (await h.protocolPage()).evaluate(([a, k]) => chrome.storage[a].remove(k), [area, key]);
  for (const [area, key] of [["local", "quarantine:tokens:contoso:1"], ["sync", "planted"], ["session", "quarantine:pending:1"], ["session", "planted"]]) {
    await plant(area, { [key]: { raw: `x${secret}x` } });
    await assert.rejects(h.assertNoLeaks(), new RegExp(`storage\\.${area}`), `${area} ${key}`);
    await unplant(area, key);
  }
  await h.inWorker((s) => console.log(`about to send ${s}`), secret);
  await assert.rejects(h.assertNoLeaks(), /console contains/);
  // Take the planted line back out, or the file's own closing scan would fail on it.
  h.console = h.console.filter((line) => !line.includes(secret));
  await h.assertNoLeaks();
});
