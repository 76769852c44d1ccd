// The popup's states, each with one next step: signed out, not on Azure DevOps, no presets,
// lifespan policies (clamp and refusal), a server error on create, and "slow down".
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { Harness } from "./harness.js";
import { seedPresets, PRESETS, popupOn, closeBoth, presetButton, sessionKnown, assertAccessible } from "./popup-helpers.js";

const DAY = 24 * 3600 * 1000;
let h;
before(async () => {
  h = await Harness.start();
  await seedPresets(h);
});
afterEach(async () => {
  h.fake.clearFaults();
  h.fake.configure({ policy: { maxLifespanDays: null, lifespanMode: "clamp" }, web: "on", lifecycle: "off" });
});
after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

/** axe in light, then in dark. */
async function accessibleBothWays(popup, label) {
  await assertAccessible(assert, popup, `${label}, light`);
  await popup.emulateMedia({ colorScheme: "dark" });
  await assertAccessible(assert, popup, `${label}, dark`);
  await popup.emulateMedia({ colorScheme: "light" });
}

function lastCreate() {
  const r = h.fake.requests().filter((q) => q.route === "webCreate" || q.route === "lifecycleCreate").at(-1);
  return r.route === "webCreate" ? r.body.dataProviderContext.properties : r.body;
}

test("signed out, the popup offers to sign in on the organization's page", async () => {
  h.fake.signOut();
  const both = await popupOn(h, "https://dev.azure.com/contoso/", { signIn: false });
  const signIn = both.popup.getByRole("button", { name: "Sign in to Azure DevOps" });
  await signIn.waitFor();
  assert.match(await both.popup.locator("#view").innerText(), /signed out of Azure DevOps/);
  assert.equal(await presetButton(both.popup, "Git").count(), 0, "no preset to click while signed out");
  await accessibleBothWays(both.popup, "signed out");
  const opened = h.context.waitForEvent("page");
  await signIn.click();
  const page = await opened;
  await page.waitForURL(/contoso/);
  assert.match(page.url(), /^https:\/\/dev\.azure\.com\/contoso\//);
  await page.close();
  await closeBoth(h, both);
});

test("away from Azure DevOps, the popup lists the recent organizations and dev.azure.com", async () => {
  // contoso is recent: a popup said Hello there.
  const first = await popupOn(h);
  await sessionKnown(first.popup);
  await closeBoth(h, first);
  const tab = await h.context.newPage();
  await tab.goto("about:blank");
  const popup = await h.openPopup(tab);
  await popup.getByRole("heading", { name: "Not an Azure DevOps organization" }).waitFor();
  const contoso = popup.getByRole("button", { name: "Open contoso" });
  await contoso.waitFor();
  await popup.getByRole("button", { name: "Open dev.azure.com" }).waitFor();
  await accessibleBothWays(popup, "elsewhere");
  const opened = h.context.waitForEvent("page");
  await contoso.click();
  const page = await opened;
  await page.waitForURL(/contoso/);
  await page.close();
  await closeBoth(h, { tab, popup });
});

test("with no preset for the organization, the popup opens the options page", async () => {
  await seedPresets(h, [{ ...PRESETS[0], id: "only-fabrikam", orgs: ["fabrikam"] }]);
  try {
    const both = await popupOn(h);
    await both.popup.getByRole("heading", { name: "No presets for contoso yet" }).waitFor();
    await accessibleBothWays(both.popup, "no presets");
    // The browser focuses an options tab that is already open (the harness's protocol page).
    await (await h.protocolPage()).close();
    const opened = h.context.waitForEvent("page");
    await both.popup.getByRole("button", { name: "Open Options" }).click();
    const page = await opened;
    await page.waitForURL(/options\.html/);
    await page.close();
    await closeBoth(h, both);
  } finally {
    await seedPresets(h);
  }
});

test("a lifespan policy that shortens the token is said next to its expiry", async () => {
  h.fake.configure({ policy: { maxLifespanDays: 7, lifespanMode: "clamp" } });
  const both = await popupOn(h);
  await sessionKnown(both.popup);
  await presetButton(both.popup, "Git").click();
  await both.popup.getByRole("heading", { name: "Token created" }).waitFor();
  const text = await both.popup.locator(".created").innerText();
  assert.match(text, /Expires .*, in 7 days/);
  assert.match(text, /A lifespan policy of your organization shortened it/);
  await accessibleBothWays(both.popup, "created, shortened");
  await closeBoth(h, both);
});

const creates = () => h.fake.requests().filter((q) => q.route === "webCreate" || q.route === "lifecycleCreate");

test("a refusal with a reason is final: its message is shown with shorter lifetimes, and no other route creates", async () => {
  h.fake.configure({ policy: { maxLifespanDays: 7, lifespanMode: "reject" }, lifecycle: "cookie" });
  // fabrikam: contoso has learned its limit from the clamp above and would ask for 7 days.
  const both = await popupOn(h, "https://dev.azure.com/fabrikam/");
  await sessionKnown(both.popup);
  const before = creates().length;
  await presetButton(both.popup, "Git").click();
  await both.popup.getByRole("heading", { name: "Azure DevOps refused to create this token" }).waitFor();
  const text = await both.popup.locator(".problem").innerText();
  assert.match(text, /Azure DevOps said: “Your organization limits the lifespan of personal access tokens to 7 days\.”/);
  assert.match(text, /If your organization limits how long tokens may last, create it with a shorter lifetime/);
  // The public API would have taken the session here; it was not asked: one create in all.
  assert.deepEqual(creates().slice(before).map((r) => r.route), ["webCreate"]);
  await accessibleBothWays(both.popup, "refusal with a reason");
  const started = Date.now();
  await both.popup.getByRole("button", { name: "Create with 7 days" }).click();
  await both.popup.getByRole("heading", { name: "Token created" }).waitFor();
  const validTo = Date.parse(lastCreate().validTo);
  assert.ok(Math.abs(validTo - (started + 7 * DAY)) < 60_000, "asked for 7 days");
  await closeBoth(h, both);
});

test("if Microsoft accepts the session: the public API's lifespan refusal is named as such", async () => {
  h.fake.configure({ policy: { maxLifespanDays: 7, lifespanMode: "reject" }, web: "off", lifecycle: "cookie" });
  const both = await popupOn(h, "https://dev.azure.com/fabrikam/");
  await sessionKnown(both.popup);
  await presetButton(both.popup, "Git").click();
  await both.popup.getByRole("heading", { name: "Your organization limits how long tokens may last" }).waitFor();
  await both.popup.getByRole("button", { name: "Create with 7 days" }).waitFor();
  await accessibleBothWays(both.popup, "lifespan refusal");
  await closeBoth(h, both);
});

test("a server error on create is reconciled before anything is offered again", async () => {
  h.fake.fault({ route: "webCreate", status: 500 });
  h.fake.fault({ route: "lifecycleCreate", status: 500 });
  const both = await popupOn(h);
  await sessionKnown(both.popup);
  const tokens = h.fake.tokens("contoso").length;
  const lists = () => h.fake.requests().filter((r) => r.route === "webList" || r.route === "lifecycleList").length;
  const listed = lists();
  await presetButton(both.popup, "Package feeds").click();
  await both.popup.getByRole("heading", { name: "No token was created" }).waitFor({ timeout: 15_000 });
  const today = new Date().toISOString().slice(0, 10);
  assert.ok((await both.popup.locator(".problem").innerText()).includes(`checked twice, shows no “Package feeds · ${today}”`));
  assert.ok(lists() - listed >= 2, "the engine listed the tokens twice, a pause apart");
  await accessibleBothWays(both.popup, "reconciled");
  h.fake.clearFaults();
  await both.popup.getByRole("button", { name: "Retry" }).click();
  await both.popup.getByRole("heading", { name: "Token created" }).waitFor();
  assert.equal(h.fake.tokens("contoso").length - tokens, 1, "one token in all");
  await closeBoth(h, both);
});

test("an ambiguous create whose token list cannot be read says a token may have been created", async () => {
  h.fake.fault({ route: "webCreate", status: 503, times: 2 });
  h.fake.fault({ route: "lifecycleCreate", status: 503, times: 2 });
  for (const route of ["webList", "lifecycleList"]) h.fake.fault({ route, status: 503, times: 5 });
  const both = await popupOn(h);
  await sessionKnown(both.popup);
  await presetButton(both.popup, "Git").click();
  await both.popup.getByRole("heading", { name: /A token may have been created/ }).waitFor({ timeout: 15_000 });
  await both.popup.getByRole("button", { name: "Check Tokens" }).waitFor();
  await accessibleBothWays(both.popup, "uncertain");
  await closeBoth(h, both);
});

test("'slow down' with Retry-After makes Retry wait that long", async () => {
  h.fake.fault({ route: "webCreate", status: 429, retryAfter: 2 });
  h.fake.fault({ route: "lifecycleCreate", status: 429, retryAfter: 2 });
  const both = await popupOn(h);
  await sessionKnown(both.popup);
  await presetButton(both.popup, "Git").click();
  await both.popup.getByRole("heading", { name: "Azure DevOps asks PAT Pilot to slow down" }).waitFor();
  assert.match(await both.popup.locator(".problem").innerText(), /Try again in 2 seconds/);
  const retry = both.popup.getByRole("button", { name: "Retry" });
  assert.equal(await retry.isDisabled(), true, "Retry waits");
  await accessibleBothWays(both.popup, "rate limited");
  h.fake.clearFaults();
  await both.popup.waitForFunction(() => !document.querySelector("[data-key=retry]")?.disabled, null, { timeout: 5000 });
  await retry.click();
  await both.popup.getByRole("heading", { name: "Token created" }).waitFor();
  await closeBoth(h, both);
});
