// The global-PAT retirement on both sides of its date, whatever day the suite runs: the date is
// set relative to now (`h.setRetirement`, the `retirement` record in storage.session) and the
// fake's tokens are seeded relative to now, so each test fixes which side it is on.
//
// Before the date a global token stops working at the retirement (the list sorts it there, the
// watcher sums global tokens up in one notification and counts them on the badge); from the
// date on it is retired (the list says so and offers a replacement; the watcher neither warns
// about it nor counts it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Harness } from "./harness.js";
import { seedPresets, popupOn, closeBoth, sessionKnown } from "./popup-helpers.js";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
let h;
let global;

before(async () => {
  h = await Harness.start({ demo: false });
  h.fake.seedOrg({ name: "contoso" });
  const t0 = Date.now();
  const seed = (name, scope, inMs, extra = {}) =>
    h.fake.seedToken("contoso", { name, scope, validFrom: t0 - 20 * DAY, validTo: t0 + inMs, ...extra });
  seed("Build agent", "vso.agentpools_manage", 12 * HOUR);
  seed("npm feed (CI)", "vso.packaging", 3 * DAY);
  global = seed("Old global token", "vso.code", 60 * DAY, { global: true });
  await seedPresets(h);
  await h.openAdo("https://dev.azure.com/contoso/");
  const hello = await h.send({ type: "hello", org: { name: "contoso", style: "modern" } });
  assert.equal(hello.ok?.session?.state, "signedIn", JSON.stringify(hello));
});
after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

async function listed() {
  const both = await popupOn(h);
  await sessionKnown(both.popup);
  await both.popup.getByRole("button", { name: "Tokens" }).click();
  await both.popup.locator(".token-list").waitFor({ timeout: 15_000 });
  const names = await both.popup.locator(".token-list > li .token-name").allInnerTexts();
  const text = await both.popup.locator(".token-list > li").filter({ hasText: "Old global token" }).innerText();
  return { both, names, text };
}

async function check() {
  const reply = await h.send({ type: "checkNow" });
  assert.equal(reply.ok?.type, "checked", JSON.stringify(reply));
  return reply.ok.summary;
}

/** No warning recorded and none on screen: each watcher test starts from a clean tray. */
async function freshTray() {
  await h.inWorker(async () => {
    await chrome.storage.local.remove("notified");
    for (const id of Object.keys(await chrome.notifications.getAll())) await chrome.notifications.clear(id);
  });
}

const globalsNote = async () =>
  Object.keys(await h.inWorker(() => chrome.notifications.getAll())).filter((id) => id.startsWith("pat-pilot:globals:"));

test("two days before the retirement the list sorts a global token by the retirement and says so", async () => {
  await h.setRetirement(new Date(Date.now() + 2 * DAY));
  const { both, names, text } = await listed();
  assert.deepEqual(names, ["Build agent", "Old global token", "npm feed (CI)"]);
  assert.match(text, /All organizations/);
  assert.match(text, /global tokens retire/);
  assert.match(text, /in 2 days|in 47 hours|in 48 hours/);
  await both.popup.getByRole("button", { name: "Extend Old global token" }).waitFor();
  await closeBoth(h, both);
});

test("two days after the retirement the list puts the global token first as retired and offers a replacement", async () => {
  await h.setRetirement(new Date(Date.now() - 2 * DAY));
  const { both, names, text } = await listed();
  assert.deepEqual(names, ["Old global token", "Build agent", "npm feed (CI)"]);
  assert.match(text, /Retired: global tokens no longer work/);
  await both.popup.getByRole("button", { name: "Create a replacement for Old global token" }).waitFor();
  assert.equal(await both.popup.getByRole("button", { name: "Extend Old global token" }).count(), 0);
  await closeBoth(h, both);
});

test("ten days before the retirement the watcher sums the global token up and counts it on the badge", async () => {
  await freshTray();
  await h.setRetirement(new Date(Date.now() + 10 * DAY));
  const summary = await check();
  // Build agent (1 day), npm feed (7 days) and the global token (14 days, its retirement).
  assert.equal(summary.due, 3, JSON.stringify(summary));
  assert.deepEqual(await globalsNote(), ["pat-pilot:globals:contoso:14"]);
  assert.equal(await h.inWorker(() => chrome.action.getBadgeText({})), "3");
  const token = h.fake.tokens("contoso").find((t) => t.authorizationId === global.authorizationId);
  assert.equal(token.targetAccounts, null, "the fake lists it as global");
});

test("a day after the retirement the watcher neither warns about the global token nor counts it", async () => {
  await freshTray();
  await h.setRetirement(new Date(Date.now() - DAY));
  const summary = await check();
  assert.equal(summary.due, 2, JSON.stringify(summary));
  assert.deepEqual(await globalsNote(), []);
  assert.equal(await h.inWorker(() => chrome.action.getBadgeText({})), "2");
});
