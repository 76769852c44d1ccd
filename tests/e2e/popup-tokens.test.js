// The popup's Tokens view: sorted by expiry, filtered, and Extend, Rotate, Revoke (confirmed),
// "Create a replacement" for an expired token. The fake's default: the public API refuses the
// browser session, so everything but Extend runs on the web routes; the Extend test turns the
// public API on ("if Microsoft accepts the session"), the only way to extend.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Harness } from "./harness.js";
import { seedPresets, popupOn, closeBoth, sessionKnown, assertAccessible, until } from "./popup-helpers.js";

const DAY = 24 * 3600 * 1000;
let h;
before(async () => {
  h = await Harness.start();
  // The demo's global token expires in 60 days: two days before the retirement (whatever day
  // this runs) it sorts by the retirement, between the 12-hour and the 3-day token.
  await h.setRetirement(new Date(Date.now() + 2 * DAY));
  await seedPresets(h);
});
after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

async function tokensView() {
  const both = await popupOn(h);
  await sessionKnown(both.popup);
  await both.popup.getByRole("button", { name: "Tokens" }).click();
  await both.popup.locator(".token-list").waitFor({ timeout: 15_000 });
  return both;
}

function row(popup, name) {
  return popup.getByRole("listitem").filter({ has: popup.locator(".token-name", { hasText: name }) });
}

function fakeToken(name) {
  return h.fake.tokens("contoso").find((t) => t.displayName === name || t.name === name);
}

test("the list is this organization's live tokens sorted by expiry, and the filter narrows it", async () => {
  const both = await tokensView();
  const { popup } = both;
  const names = await popup.locator(".token-list > li:not([hidden]) .token-name").allInnerTexts();
  // The list Azure DevOps sent holds fabrikam's tokens too: kept, but not shown under contoso.
  assert.ok(!names.includes("Wiki bot") && !names.includes("Work items sync"), "fabrikam's tokens are not here");
  const cache = (await h.storage("local"))["tokens:contoso"];
  assert.match(JSON.stringify(cache), /Wiki bot/, "the whole list is kept");
  assert.ok(h.fake.requests({ route: "webList" }).every((r) => /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(r.query.pageRequestTimeStamp)), "paged with an RFC 1123 timestamp");
  assert.deepEqual(names.slice(0, 3), ["Build agent", "Old global token", "npm feed (CI)"]);
  assert.ok(!names.includes("Old deploy script"), "revoked tokens are left out");
  assert.match(await row(popup, "Old global token").innerText(), /All organizations/);
  assert.match(await row(popup, "Build agent").innerText(), /in 11 hours|in 12 hours/);
  await assertAccessible(assert, popup, "tokens, light");
  await popup.emulateMedia({ colorScheme: "dark" });
  await assertAccessible(assert, popup, "tokens, dark");
  await popup.emulateMedia({ colorScheme: "light" });

  await popup.getByLabel("Filter tokens").fill("packaging");
  const shown = await popup.locator(".token-list > li:not([hidden]) .token-name").allInnerTexts();
  assert.deepEqual(shown.sort(), ["Old global token", "npm feed (CI)"]);
  await popup.getByLabel("Filter tokens").fill("nothing like this");
  await popup.locator("#view").getByText("No token matches the filter.").waitFor();
  await popup.keyboard.press("Escape");
  await popup.getByRole("button", { name: /^Git\b/ }).waitFor();
  await closeBoth(h, both);
});

test("if Microsoft accepts the session, Extend asks how long, and the list shows the new expiry the server set", async (t) => {
  h.fake.configure({ lifecycle: "cookie" });
  t.after(() => h.fake.configure({ lifecycle: "off" }));
  const both = await tokensView();
  const { popup } = both;
  const before = Date.parse(fakeToken("Git (laptop)").validTo);
  await popup.getByRole("button", { name: "Extend Git (laptop)" }).click();
  const choices = popup.getByRole("group", { name: "Extend Git (laptop)" });
  await choices.waitFor();
  assert.equal(await popup.evaluate(() => document.activeElement?.innerText), "30 days", "the preset's lifetime is the default");
  await assertAccessible(assert, popup, "extend choices");
  const started = Date.now();
  await choices.getByRole("button", { name: "30 days" }).click();
  await popup.locator("#view").getByText(/Git \(laptop\) was extended/).waitFor({ timeout: 15_000 });
  const update = h.fake.requests().filter((r) => r.route === "lifecycleUpdate").at(-1);
  assert.ok(update, "the fake got the update");
  assert.ok(Math.abs(Date.parse(update.body.validTo) - (started + 30 * DAY)) < 60_000, "now + 30 days");
  const after = Date.parse(fakeToken("Git (laptop)").validTo);
  assert.ok(after > before + 15 * DAY);
  assert.match(await row(popup, "Git (laptop)").innerText(), /in 30 days/);
  await closeBoth(h, both);
});

test("Rotate shows the new token once and offers to revoke the old one", async () => {
  const both = await tokensView();
  const { popup } = both;
  await popup.getByRole("button", { name: "Rotate npm feed (CI)" }).click();
  await popup.getByRole("heading", { name: "Token created" }).waitFor({ timeout: 15_000 });
  assert.equal(await popup.getByLabel("Personal access token").inputValue(), h.fake.issuedSecrets({ kind: "pat" }).at(-1));
  assert.match(await popup.locator(".facts").innerText(), /Packaging: Read/);
  assert.match(await popup.locator(".created").innerText(), /replaces npm feed \(CI\)/);
  await popup.getByRole("button", { name: "Revoke npm feed (CI)" }).click();
  await popup.locator("#view").getByText("Revoke npm feed (CI)? Anything still using it stops working.").waitFor();
  await assertAccessible(assert, popup, "rotated, confirm revoke");
  await popup.getByRole("button", { name: "Revoke", exact: true }).click();
  await popup.locator("#view").getByText("npm feed (CI) was revoked.").waitFor({ timeout: 15_000 });
  assert.equal(fakeToken("npm feed (CI)").status, "revoked");
  await closeBoth(h, both);
});

test("Revoke names the token and asks first; Cancel keeps it", async () => {
  const both = await tokensView();
  const { popup } = both;
  await popup.getByRole("button", { name: "Revoke Release pipeline" }).click();
  await popup.locator("#view").getByText("Revoke Release pipeline? Anything still using it stops working.").waitFor();
  await popup.getByRole("button", { name: "Cancel" }).click();
  await popup.getByRole("button", { name: "Revoke Release pipeline" }).waitFor();
  assert.equal(fakeToken("Release pipeline").status, "active");

  await popup.getByRole("button", { name: "Revoke Release pipeline" }).click();
  const confirm = popup.getByRole("group", { name: /Revoke Release pipeline\?/ });
  await confirm.getByRole("button", { name: "Revoke", exact: true }).click();
  await popup.locator("#view").getByText("Release pipeline was revoked.").waitFor({ timeout: 15_000 });
  assert.equal(fakeToken("Release pipeline").status, "revoked");
  assert.equal(await row(popup, "Release pipeline").count(), 0, "gone from the list");
  await assertAccessible(assert, popup, "after revoke");
  await closeBoth(h, both);
});

test("an expired token offers a replacement instead of Extend", async () => {
  h.fake.seedToken("contoso", { name: "Expired deploy", scope: "vso.build", validTo: new Date(Date.now() - 2 * DAY).toISOString() });
  const both = await tokensView();
  const { popup } = both;
  const expired = row(popup, "Expired deploy");
  assert.match(await expired.innerText(), /Expired .*2 days ago/);
  assert.equal(await expired.getByRole("button", { name: /^Extend/ }).count(), 0);
  const tokens = h.fake.tokens("contoso").length;
  await popup.getByRole("button", { name: "Create a replacement for Expired deploy" }).click();
  await popup.getByRole("heading", { name: "Token created" }).waitFor({ timeout: 15_000 });
  assert.match(await popup.locator(".facts").innerText(), /Build: Read/);
  await until(() => h.fake.tokens("contoso").length === tokens + 1, { what: "one new token" });
  await closeBoth(h, both);
});

test("with the public API refusing the session, Extend says it needs that API, and Rotate works", async () => {
  const updated = () => h.fake.requests({ route: "lifecycleUpdate" }).filter((r) => r.status === 200).length;
  const created = () => h.fake.requests({ route: "lifecycleCreate" }).filter((r) => r.status === 200).length;
  const [updatesBefore, lifecycleCreatesBefore] = [updated(), created()];
  const both = await tokensView();
  const { popup } = both;
  await popup.getByRole("button", { name: "Extend Build agent" }).click();
  await popup.getByRole("group", { name: "Extend Build agent" }).getByRole("button", { name: "30 days" }).click();
  await popup.getByRole("heading", { name: "Extend is unavailable here" }).waitFor({ timeout: 15_000 });
  const problem = await popup.locator(".tokens .problem").innerText();
  assert.match(problem, /needs Azure DevOps' public token API/);
  assert.match(problem, /Use Rotate/);
  await assertAccessible(assert, popup, "extend unavailable");
  assert.equal(updated(), updatesBefore, "nothing extended");
  const before = h.fake.requests({ route: "webCreate" }).length;
  await popup.getByRole("button", { name: "Rotate Build agent" }).click();
  await popup.getByRole("heading", { name: "Token created" }).waitFor({ timeout: 15_000 });
  assert.equal(h.fake.requests({ route: "webCreate" }).length, before + 1, "made through the web route");
  assert.equal(created(), lifecycleCreatesBefore);
  await closeBoth(h, both);
});
