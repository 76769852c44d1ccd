// The expiry watcher end to end: the built extension in Chromium against the fake Azure DevOps.
// A check (`CheckNow`, which answers only once the notifications and the badge are set) warns
// each token once at its nearest threshold, never twice (also after the browser stops the
// worker), warns from the cache when signed out, and the notification's Extend button extends
// the token at the fake.
//
// Headless Chromium draws no notifications, so nobody can click one. The tests press buttons
// the way the browser does: `chrome.notifications.onButtonClicked.dispatch(id, index)` in the
// worker runs the listener that `extension/ext.js` registered (the browser's own path into
// `workerNotificationButton`); `dispatch` hands back the listeners' results, so the test awaits
// the handler's promise instead of sleeping. What a notification says is read from a spy on
// `chrome.notifications.create` installed in the worker (the browser keeps no readable copy).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Harness } from "./harness.js";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let h;
const tokens = {};

const warn = (token, threshold) => `pat-pilot:warn:contoso:${token.authorizationId}:${threshold}`;

async function shownIds() {
  return Object.keys(await h.inWorker(() => chrome.notifications.getAll())).sort();
}

async function badge() {
  return h.inWorker(() => chrome.action.getBadgeText({}));
}

async function checkNow() {
  const reply = await h.send({ type: "checkNow" });
  assert.equal(reply.ok?.type, "checked", JSON.stringify(reply));
  return reply.ok.summary;
}

/** Records every notification the worker creates (until the worker stops). */
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

async function spied() {
  return h.inWorker(() => globalThis.shownForTest ?? {});
}

/** Presses a notification's button through the listener the extension registered. */
async function pressButton(id, index) {
  await h.inWorker(
    ([id, index]) => Promise.all(chrome.notifications.onButtonClicked.dispatch(id, index).results),
    [id, index],
  );
}

async function setStorage(area, items) {
  const page = await h.protocolPage();
  await page.evaluate(([a, i]) => chrome.storage[a].set(i), [area, items]);
}

async function removeStorage(area, keys) {
  const page = await h.protocolPage();
  await page.evaluate(([a, k]) => chrome.storage[a].remove(k), [area, keys]);
}

before(async () => {
  h = await Harness.start();
  h.fake.reset();
  h.fake.seedOrg({ name: "contoso" });
  const t0 = Date.now();
  const seed = (name, scope, inMs, extra = {}) =>
    h.fake.seedToken("contoso", { name, scope, validFrom: t0 - 20 * DAY, validTo: t0 + inMs, ...extra });
  tokens.agent = seed("Build agent", "vso.agentpools_manage", 12 * HOUR);
  tokens.feed = seed("npm feed (CI)", "vso.packaging", 3 * DAY);
  tokens.git = seed("Git (laptop)", "vso.code_write", 10 * DAY);
  tokens.release = seed("Release pipeline", "vso.build_execute vso.release_execute", 40 * DAY);
  // Within every threshold, but revoked: never warned about.
  tokens.revoked = seed("Old deploy script", "vso.code vso.build", 5 * DAY, { revoked: true });
  // Signed in, and contoso known to the watcher (the popup says hello when it opens on it).
  await h.openAdo("https://dev.azure.com/contoso/");
  const hello = await h.send({ type: "hello", org: { name: "contoso", style: "modern" } });
  assert.equal(hello.ok?.session?.state, "signedIn", JSON.stringify(hello));
});

after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

const expectedWarnings = () => [warn(tokens.agent, 1), warn(tokens.feed, 7), warn(tokens.git, 14)].sort();

test("a check warns about each token once, at its nearest threshold, and counts them on the badge", async () => {
  await spyOnNotifications();
  const summary = await checkNow();
  assert.deepEqual(summary, { notified: 3, due: 3, refreshed: ["contoso"], stale: [] });
  assert.deepEqual(await shownIds(), expectedWarnings());
  assert.equal(await badge(), "3");

  const shown = await spied();
  const feed = shown[warn(tokens.feed, 7)];
  assert.equal(feed.title, "npm feed (CI) · contoso");
  assert.match(feed.message, /^Expires in 3 days \([A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}\)\.$/);
  assert.deepEqual(feed.buttons.map((b) => b.title), ["Extend", "Open token page"]);
  assert.match(shown[warn(tokens.agent, 1)].message, /^Expires in 12 hours \(.+\d{1,2}:\d{2}.*\)\.$/);
  assert.equal(shown[warn(tokens.git, 14)].title, "Git (laptop) · contoso");
  const cache = JSON.parse((await h.storage("local"))["tokens:contoso"].tokens);
  assert.equal(cache.length, 5, "the cache holds the list, revoked token included");
});

test("a second check adds no notification", async () => {
  const summary = await checkNow();
  assert.equal(summary.notified, 0);
  assert.deepEqual(await shownIds(), expectedWarnings());
  assert.equal(await badge(), "3");
});

test("after the browser stops the worker, a check does not notify again", async () => {
  await h.stopWorker();
  const summary = await checkNow();
  assert.equal(summary.notified, 0);
  assert.deepEqual(await shownIds(), expectedWarnings());
  assert.equal(await badge(), "3");
  const alarms = await h.inWorker(() => chrome.alarms.getAll());
  assert.deepEqual(alarms.map((a) => [a.name, a.periodInMinutes]), [["pat-pilot-check", 360]]);
});

test("signed out, a check warns from the cache and marks the organization", async () => {
  await spyOnNotifications();
  h.fake.signOut();
  // A 45-day threshold brings a new warning (the 40-day token) that only the cache can give,
  // and a list two days old earns the badge its mark.
  await setStorage("sync", { settings: { v: 2, thresholds: [45, 14, 7, 1], checkIntervalHours: 6, notifications: true } });
  const local = await h.storage("local");
  const twoDaysAgo = new Date(Date.now() - 2 * DAY).toISOString();
  await setStorage("local", { "org:contoso": { ...local["org:contoso"], refreshedAt: twoDaysAgo } });

  const summary = await checkNow();
  assert.deepEqual(summary, { notified: 1, due: 4, refreshed: [], stale: ["contoso"] });
  assert.deepEqual(await shownIds(), [...expectedWarnings(), warn(tokens.release, 45)].sort());
  assert.equal(await badge(), "4!");
  const release = (await spied())[warn(tokens.release, 45)];
  assert.equal(release.title, "Release pipeline · contoso");
  assert.match(release.message, /^Expires in 40 days \(.+\)\.\nNot refreshed since .+: warned from the last list\.$/);
  const stored = await h.storage("local");
  const state = stored["org:contoso"];
  assert.equal(state.lastError?.kind, "signedOut");
  // The same instant (Rust writes "….2Z" where JS wrote "….200Z").
  assert.equal(Date.parse(state.refreshedAt), Date.parse(twoDaysAgo));
  assert.equal(JSON.parse(stored["tokens:contoso"].tokens).length, 5, "the cache is kept");

  // Back to the default thresholds and signed in: the list is fresh, the mark goes, and the
  // 45-day warning no longer applies.
  await removeStorage("sync", ["settings"]);
  await h.openAdo("https://dev.azure.com/contoso/");
  const fresh = await checkNow();
  assert.deepEqual(fresh, { notified: 0, due: 3, refreshed: ["contoso"], stale: [] });
  assert.equal(await badge(), "3");
  assert.deepEqual(await shownIds(), expectedWarnings());
});

test("the Extend button extends the token at Azure DevOps, confirms the new date, and the badge drops by one", async () => {
  // The web dialect has no update route: extending needs the public PAT Lifecycle API, here
  // accepting the session ("if Microsoft accepts the session"; by default it refuses).
  h.fake.configure({ web: "off", lifecycle: "cookie" });
  h.fake.clearRecords();
  await spyOnNotifications();
  const before = Date.now();
  await pressButton(warn(tokens.feed, 7), 0);

  const updates = h.fake.requests({ route: "lifecycleUpdate" });
  assert.equal(updates.length, 1, JSON.stringify(h.fake.requests().map((r) => [r.method, r.route, r.status])));
  assert.equal(updates[0].method, "PUT");
  assert.equal(updates[0].status, 200);
  assert.equal(updates[0].body.authorizationId, tokens.feed.authorizationId);
  // Now + the lifetime of the preset that made it, else 30 days.
  const presets = Object.values(await h.storage("sync")).filter((p) => Array.isArray(p?.scopes) && p.scopes.join(" ") === "vso.packaging");
  const days = presets.length === 1 ? presets[0].lifetimeDays : 30;
  const requested = Date.parse(updates[0].body.validTo);
  assert.ok(Math.abs(requested - (before + days * DAY)) < 60_000, `${updates[0].body.validTo} is not now + ${days} days`);
  const atFake = h.fake.tokens("contoso").find((t) => t.authorizationId === tokens.feed.authorizationId);
  assert.ok(Math.abs(Date.parse(atFake.validTo) - requested) < 1_000);

  const extended = `pat-pilot:extended:contoso:${tokens.feed.authorizationId}`;
  assert.deepEqual(await shownIds(), [extended, warn(tokens.agent, 1), warn(tokens.git, 14)].sort());
  const confirmation = (await spied())[extended];
  assert.equal(confirmation.title, "Extended: npm feed (CI) · contoso");
  assert.match(confirmation.message, /^Now expires [A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, \d{4}\.$/);
  assert.equal(confirmation.buttons, undefined);
  assert.equal(await badge(), "2");
  assert.deepEqual(h.fake.violations(), []);
});

test("clicking a notification opens the organization's token page", async () => {
  const pages = h.context.pages().length;
  const opened = h.context.waitForEvent("page");
  await h.inWorker((id) => Promise.all(chrome.notifications.onClicked.dispatch(id).results), warn(tokens.git, 14));
  const page = await opened;
  await page.waitForURL("https://dev.azure.com/contoso/_usersSettings/tokens");
  assert.equal(h.context.pages().length, pages + 1);
  assert.ok(!(await shownIds()).includes(warn(tokens.git, 14)), "a clicked notification goes");
  await page.close();
});
