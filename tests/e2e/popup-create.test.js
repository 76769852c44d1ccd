// The popup's create flow, driven as a person does: the Azure DevOps tab in front, the real
// toolbar popup, controls found by role and name.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { Harness } from "./harness.js";
import { seedPresets, popupOn, closeBoth, presetButton, sessionKnown, assertAccessible, until } from "./popup-helpers.js";

const DAY = 24 * 3600 * 1000;
let h;
before(async () => {
  h = await Harness.start();
  await seedPresets(h);
});
afterEach(() => h.fake.clearFaults());
after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

/** What a create request asked for, whichever dialect carried it. */
function createRequests() {
  return h.fake.requests().filter((r) => (r.route === "webCreate" || r.route === "lifecycleCreate") && r.method === "POST");
}
function asked(request) {
  if (request.route === "lifecycleCreate") {
    const b = request.body;
    return { name: b.displayName, scope: b.scope, validTo: b.validTo, targetAccounts: b.targetAccounts ?? null, allOrgs: b.allOrgs ?? false };
  }
  const p = request.body?.dataProviderContext?.properties ?? {};
  return { name: p.displayName, scope: p.scope, validTo: p.validTo, targetAccounts: p.targetAccounts ?? null, allOrgs: !p.targetAccounts?.length };
}

async function secretShown(popup) {
  await popup.getByRole("heading", { name: "Token created" }).waitFor({ timeout: 15_000 });
  return popup.getByLabel("Personal access token").inputValue();
}

async function pendingInSession() {
  return JSON.stringify((await h.storage("session")).pending ?? null);
}

test("a preset click on contoso creates the token the preset describes and shows its secret once", async () => {
  const both = await popupOn(h, "https://dev.azure.com/contoso/Fabrikam%20Fiber/_git/app");
  const { popup } = both;
  await assertAccessible(assert, popup, "presets, light");
  await sessionKnown(popup);
  const before = createRequests().length;
  const started = Date.now();
  await presetButton(popup, "Git").click();
  const secret = await secretShown(popup);

  const sent = createRequests().slice(before);
  assert.equal(sent.length, 1, "one create request");
  const body = asked(sent[0]);
  assert.deepEqual(body.scope.split(" ").sort(), ["vso.code_write"]);
  assert.equal(body.allOrgs, false);
  assert.deepEqual(body.targetAccounts, [h.fake.org("contoso").id]);
  // {date} is the UTC day of the create: the day it started, or the next if midnight passed.
  const today = [new Date(started), new Date()].map((d) => d.toISOString().slice(0, 10)).find((day) => body.name === `Git · contoso · ${day}`);
  assert.ok(today, `${body.name} names the day of the create`);
  const validTo = Date.parse(body.validTo);
  assert.ok(Math.abs(validTo - (started + 30 * DAY)) < 60_000, `validTo ${body.validTo} is 30 days ahead`);

  assert.equal(secret, h.fake.issuedSecrets({ kind: "pat" }).at(-1), "the popup shows the secret the fake issued");
  assert.match(await popup.locator("#view").innerText(), new RegExp(`Git · contoso · ${today}`));
  assert.match(await popup.locator(".facts").innerText(), /Code: Read & write/);
  assert.match(await popup.locator(".facts").innerText(), /Expires .*, in 30 days/);
  await popup.getByRole("button", { name: "Copy" }).click();
  await popup.getByRole("button", { name: "Copied" }).waitFor();
  await assertAccessible(assert, popup, "created, light");
  await popup.emulateMedia({ colorScheme: "dark" });
  await assertAccessible(assert, popup, "created, dark");
  await closeBoth(h, both);

  await until(async () => !(await pendingInSession()).includes(secret), { what: "the secret to leave storage.session" });
  const again = await popupOn(h);
  await sessionKnown(again.popup);
  await presetButton(again.popup, "Git").waitFor();
  await again.popup.emulateMedia({ colorScheme: "dark" });
  await assertAccessible(assert, again.popup, "presets, dark");
  assert.equal(await again.popup.getByRole("heading", { name: "Token created" }).count(), 0, "not shown again");
  assert.ok(!(await again.popup.content()).includes(secret));
  await closeBoth(h, again);
});

test("a token whose popup closed at once reaches the next popup, even after the worker stopped", async () => {
  const both = await popupOn(h);
  await sessionKnown(both.popup);
  const before = createRequests().length;
  // Azure DevOps answers after the popup is gone.
  h.fake.fault({ route: "webCreate", delayMs: 1500 });
  h.fake.fault({ route: "lifecycleCreate", delayMs: 1500 });
  await presetButton(both.popup, "Package feeds").click();
  await h.closePopup(both.popup);
  // The worker finishes the request and keeps the secret in storage.session…
  const stored = await until(async () => {
    const issued = h.fake.issuedSecrets({ kind: "pat" });
    const pending = await pendingInSession();
    return createRequests().length > before && pending.includes(issued.at(-1)) && issued.at(-1);
  }, { what: "the created secret in storage.session" });
  // …and the browser stops the worker.
  await h.stopWorker();
  // `openPopup` calls chrome.action.openPopup() from the worker, which must be woken first;
  // a ping starts it with empty memory, as any event would.
  await h.send({ type: "ping" });
  const again = await h.openPopup(both.tab);
  assert.equal(await secretShown(again), stored);
  assert.match(await again.locator(".facts").innerText(), /Packaging: Read/);
  await until(async () => !(await pendingInSession()).includes(stored), { what: "the shown secret to leave storage.session" });
  await closeBoth(h, { tab: both.tab, popup: again });
});

test("a double click creates one token", async () => {
  const both = await popupOn(h);
  await sessionKnown(both.popup);
  const before = createRequests().length;
  const tokens = h.fake.tokens("contoso").length;
  await presetButton(both.popup, "Read-only").dblclick();
  await secretShown(both.popup);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(createRequests().length - before, 1);
  assert.equal(h.fake.tokens("contoso").length - tokens, 1);
  await closeBoth(h, both);
});

test("while a create runs its button shows progress and the other presets wait", async () => {
  h.fake.fault({ route: "webCreate", delayMs: 1500 });
  h.fake.fault({ route: "lifecycleCreate", delayMs: 1500 });
  const both = await popupOn(h);
  await sessionKnown(both.popup);
  await presetButton(both.popup, "Git").click();
  const busy = both.popup.locator(".preset.busy");
  await busy.waitFor();
  assert.equal(await busy.getAttribute("aria-busy"), "true");
  assert.match(await busy.innerText(), /Creating/);
  assert.equal(await presetButton(both.popup, "Package feeds").isDisabled(), true);
  await secretShown(both.popup);
  await closeBoth(h, both);
});

test("the legacy contoso.visualstudio.com host works", async () => {
  const both = await popupOn(h, "https://contoso.visualstudio.com/");
  await sessionKnown(both.popup);
  assert.equal(await both.popup.locator(".org").innerText(), "contoso");
  const before = createRequests().length;
  await presetButton(both.popup, "Git").click();
  const secret = await secretShown(both.popup);
  assert.equal(secret, h.fake.issuedSecrets({ kind: "pat" }).at(-1));
  const sent = createRequests().slice(before);
  assert.equal(sent.length, 1);
  assert.match(sent[0].host, /visualstudio\.com$/);
  assert.deepEqual(asked(sent[0]).targetAccounts, [h.fake.org("contoso").id]);
  await closeBoth(h, both);
});

test("the presets are interactive before the worker has answered", async (t) => {
  await h.stopWorker();
  await h.send({ type: "ping" }); // openPopup needs a live worker to call chrome.action.openPopup()
  const both = await popupOn(h);
  const ms = await both.popup.evaluate(() => performance.getEntriesByName("pat-pilot:interactive")[0]?.startTime);
  t.diagnostic(`presets interactive ${Math.round(ms)} ms after navigation start`);
  assert.ok(ms > 0 && ms < 2000, `interactive after ${ms} ms`);
  await presetButton(both.popup, "Git").waitFor();
  await closeBoth(h, both);
});

test("the create flow works with the keyboard alone", async () => {
  const both = await popupOn(h);
  const { popup } = both;
  await sessionKnown(popup);
  const focused = () => popup.evaluate(() => document.activeElement?.innerText ?? "");
  assert.match(await focused(), /^Git/, "focus starts on the first preset");
  await popup.keyboard.press("ArrowDown");
  assert.match(await focused(), /^Package feeds/);
  await popup.keyboard.press("ArrowUp");
  assert.match(await focused(), /^Git/);
  await popup.keyboard.press("Enter");
  const secret = await secretShown(popup);
  assert.ok(secret.length > 20);
  assert.equal(await focused(), "Copy", "focus moves to Copy");
  await popup.keyboard.press("Enter");
  await popup.getByRole("button", { name: "Copied" }).waitFor();
  await popup.keyboard.press("Escape");
  await presetButton(popup, "Git").waitFor();
  assert.equal(await popup.locator("#secret").count(), 0, "leaving the view forgets the secret");
  assert.ok(!(await popup.content()).includes(secret));
  assert.match(await focused(), /^Git/);
  await closeBoth(h, both);
});
