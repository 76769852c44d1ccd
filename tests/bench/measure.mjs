// The measurements for `bench.mjs`: PAT Pilot (the extension in $PAT_PILOT_EXTENSION) and the
// generated baseline extension, each in its own headless Chromium against its own fake Azure
// DevOps, both running at once. The measures with a baseline (popup opens, cold starts, warm
// pings) alternate between the two browsers sample by sample, so a change in the machine's load
// reaches both sides of a ratio alike. Prints one JSON line of raw samples (milliseconds),
// `{ ours, floor }`, on stdout; `bench.mjs` takes medians.
//
//   node tests/bench/measure.mjs <baseline extension folder>
import { Harness } from "../e2e/harness.js";

const BASELINE_DIR = process.argv[2];
const OPENS = 20;
const COLD_STARTS = 20;
const CREATES = 20;
const CHECKS = 10;
const ORGS = 10;
const TOKENS_PER_ORG = 500;
const WARM_UP = 2;

const log = (text) => process.stderr.write(`  ${text}\n`);

/**
 * Runs `sample(side)` for both sides `rounds` times, alternating which goes first, and keeps
 * each side's samples after `warmUp` rounds. A sample answers `{ ms }` or `{ error }`.
 */
async function paired(sides, rounds, warmUp, sample) {
  const out = sides.map(() => ({ samples: [] }));
  for (let i = 0; i < warmUp + rounds; i++) {
    const order = i % 2 ? [1, 0] : [0, 1];
    for (const k of order) {
      const r = await sample(sides[k]);
      if (r.error) return sides.map(() => ({ error: r.error }));
      if (i >= warmUp) out[k].samples.push(r.ms);
    }
  }
  return out;
}

/** A protocol request timed inside the extension page that sends it. */
async function timedSend(h, request) {
  const page = await h.protocolPage();
  return page.evaluate(async (m) => {
    const start = performance.now();
    const reply = await chrome.runtime.sendMessage(m);
    return { ms: performance.now() - start, reply };
  }, request);
}

/** Navigation start → the popup's `presets-interactive` mark, for one open of the real popup. */
async function popupOpen({ h, tab }) {
  const popup = await h.openPopup(tab);
  try {
    await popup.waitForFunction(() => performance.getEntriesByName("presets-interactive").length > 0, null, { timeout: 5_000 });
    return { ms: await popup.evaluate(() => performance.getEntriesByName("presets-interactive")[0].startTime) };
  } catch {
    return { error: "no presets-interactive mark within 5 s" };
  } finally {
    await h.closePopup(popup);
  }
}

/** The browser stops the worker; then a page's first message, until its answer. */
async function coldStart({ h }) {
  await h.stopWorker();
  const { ms, reply } = await timedSend(h, { type: "ping" });
  return reply?.ok?.type === "pong" ? { ms } : { error: `ping answered ${JSON.stringify(reply)}` };
}

async function warmPing({ h }) {
  return { ms: (await timedSend(h, { type: "ping" })).ms };
}

/** The requests an operation made, sent again with plain fetch() from the worker: their time. */
async function replay(h, requests) {
  return h.inWorker(async (list) => {
    const keep = ["content-type", "accept", "x-tfs-fedauthredirect", "x-vss-reauthenticationaction", "authorization"];
    let total = 0;
    for (const r of list) {
      const query = new URLSearchParams(r.query).toString();
      const headers = Object.fromEntries(keep.filter((k) => r.headers[k]).map((k) => [k, r.headers[k]]));
      const body = r.body == null ? undefined : typeof r.body === "string" ? r.body : JSON.stringify(r.body);
      const start = performance.now();
      const response = await fetch(`https://${r.host}${r.path}${query ? `?${query}` : ""}`, { method: r.method, headers, body, credentials: "include" });
      await response.arrayBuffer();
      total += performance.now() - start;
    }
    return total;
  }, requests);
}

/**
 * `createFromPreset` round trip from an extension page, minus the same HTTP requests replayed
 * with plain fetch() from the worker: the engine's own cost (messaging, wasm, storage.session).
 */
async function creates(h, presetId) {
  const samples = [];
  const roundTrips = [];
  const requests = [];
  for (let i = 0; i < WARM_UP + CREATES; i++) {
    const from = h.fake.requests().length;
    const { ms, reply } = await timedSend(h, { type: "createFromPreset", org: { name: "contoso" }, presetId, lifetimeDays: null });
    if (reply?.ok?.type !== "created") return { error: `create answered ${JSON.stringify(reply?.error ?? reply)}` };
    const made = h.fake.requests().slice(from);
    await h.send({ type: "forgetPending", id: reply.ok.created.token.id });
    const floor = await replay(h, made);
    if (i >= WARM_UP) {
      samples.push(ms - floor);
      roundTrips.push(ms);
      requests.push(made.length);
    }
  }
  return { samples, roundTrips, requests };
}

/** Seeds 10 organizations × 500 cached tokens (the engine's `OrgState`, `core::known_orgs`). */
async function seedCache(h) {
  const now = Date.now();
  const iso = (ms) => new Date(ms).toISOString();
  const hex = (n, width) => n.toString(16).padStart(width, "0");
  const items = { orgs: { v: 1, orgs: [] } };
  for (let o = 0; o < ORGS; o++) {
    const name = `bench-${o}`;
    const orgId = `b0000000-0000-4000-8000-${hex(o, 12)}`;
    h.fake.seedOrg({ name, id: orgId });
    items.orgs.orgs.push({ name, hostStyle: "modern", lastUsed: iso(now - o * 60_000) });
    const tokens = [];
    for (let t = 0; t < TOKENS_PER_ORG; t++) {
      const n = o * TOKENS_PER_ORG + t;
      // Expiries from two days ago to 60 days ahead; every 50th token global, every 97th revoked.
      const hours = (n % 1_488) - 48;
      tokens.push({
        id: `c0000000-0000-4000-8000-${hex(n, 12)}`,
        name: `token ${n}`,
        scopes: "vso.code_write vso.packaging",
        validFrom: iso(now - 30 * 86_400_000),
        validTo: iso(now + hours * 3_600_000),
        targetAccounts: n % 50 === 0 ? null : [orgId],
        revoked: n % 97 === 0,
      });
    }
    tokens.sort((a, b) => a.validTo.localeCompare(b.validTo) || a.name.localeCompare(b.name));
    // The engine's records (src/engine/state.rs): the organization's memory and its cache.
    items[`org:${name}`] = {
      v: 1, orgId, route: null, maxLifespanDays: null,
      refreshedAt: iso(now), lastAttempt: iso(now), lastError: null,
    };
    // The cache is one JSON text of compact tokens (instants in Unix seconds).
    const compact = tokens.map((t) => ({
      id: t.id, name: t.name, scopes: t.scopes,
      from: Math.floor(Date.parse(t.validFrom) / 1000), to: Math.floor(Date.parse(t.validTo) / 1000),
      accounts: t.targetAccounts, ...(t.revoked ? { revoked: true } : {}),
    }));
    items[`tokens:${name}`] = { v: 1, tokens: JSON.stringify(compact) };
  }
  const page = await h.protocolPage();
  await page.evaluate((all) => chrome.storage.local.set(all), items);
}

/**
 * `checkNow` over the seeded cache while the fake refuses every call (signed out), so the
 * check warns from the cache: round trip minus its HTTP requests replayed (as for create).
 */
async function checks(h) {
  await seedCache(h);
  h.fake.signOut();
  const listed = await h.send({ type: "listTokens", org: { name: "bench-0" } });
  const cached = listed?.ok?.tokens?.length;
  if (cached !== TOKENS_PER_ORG) return { error: `the seeded cache did not read back (${cached ?? JSON.stringify(listed?.error)})` };
  const samples = [];
  const roundTrips = [];
  const requests = [];
  const summaries = [];
  for (let i = 0; i < 1 + CHECKS; i++) {
    const from = h.fake.requests().length;
    const { ms, reply } = await timedSend(h, { type: "checkNow" });
    if (reply?.error) {
      const message = reply.error.message ?? "";
      return { error: /not yet/.test(message) ? "n/a (not implemented)" : `checkNow answered ${reply.error.kind}: ${message}` };
    }
    const made = h.fake.requests().slice(from);
    const floor = await replay(h, made);
    const { notified, due, refreshed, stale } = reply.ok.summary;
    summaries.push({ notified, due, refreshed: refreshed.length, stale: stale.length });
    // The first check shows the notifications that are due; the rest find nothing new.
    if (i >= 1) {
      samples.push(ms - floor);
      roundTrips.push(ms);
      requests.push(made.length);
    }
  }
  return { samples, roundTrips, requests, first: summaries[0], last: summaries.at(-1) };
}

/** A preset to create from: the first one stored, or one of the bench's own. */
async function ensurePreset(h) {
  const page = await h.protocolPage();
  const sync = await page.evaluate(() => chrome.storage.sync.get(null));
  const existing = Object.keys(sync).find((k) => k.startsWith("preset:"));
  if (existing) return existing.slice("preset:".length);
  const preset = { v: 1, id: "bench", name: "Bench", scopes: ["vso.code"], lifetimeDays: 7, nameTemplate: "{preset} · {date}", orgs: "all" };
  await page.evaluate((p) => chrome.storage.sync.set({ [`preset:${p.id}`]: p }), preset);
  return preset.id;
}

async function main() {
  const [floorSide, oursSide] = await Promise.all([
    Harness.start({ extension: BASELINE_DIR }),
    Harness.start(),
  ]).then((hs) => hs.map((h) => ({ h })));
  const ours = {};
  const floor = {};
  try {
    for (const side of [floorSide, oursSide]) side.tab = await side.h.openAdo("https://dev.azure.com/contoso/");
    // Let the install-time work settle, and make sure there is a preset to paint.
    await new Promise((r) => setTimeout(r, 1_000));
    const presetId = await ensurePreset(oursSide.h);
    const sides = [floorSide, oursSide];
    log("popup opens, the two alternating");
    [floor.popup, ours.popup] = await paired(sides, OPENS, WARM_UP, popupOpen);
    log("worker cold starts, the two alternating");
    [floor.coldStart, ours.coldStart] = await paired(sides, COLD_STARTS, 0, coldStart);
    [floor.warmPing, ours.warmPing] = await paired(sides, COLD_STARTS, WARM_UP, warmPing);
    log("creates");
    ours.create = await creates(oursSide.h, presetId);
    log("checks");
    ours.check = await checks(oursSide.h);
  } finally {
    await Promise.all([floorSide.h.close(), oursSide.h.close()]);
  }
  process.stdout.write(`${JSON.stringify({ ours, floor })}\n`);
}

await main();
