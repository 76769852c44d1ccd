// The options page end to end, as a person uses it: options.html in a tab, controls found by
// role and name, results checked in storage, in the real popup and at the fake Azure DevOps.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { Harness } from "./harness.js";
import { seedPresets, popupOn, closeBoth, presetButton, assertAccessible, until } from "./popup-helpers.js";

let h;
before(async () => {
  h = await Harness.start();
  // The worker seeds the starting presets as it starts: let it finish, then set known ones.
  await until(async () => (await h.storage("sync"))["preset-seeded"], { ms: 5_000, what: "first-run seeding" }).catch(() => {});
  await seedPresets(h);
});
// Every test starts on the list: a draft a failed test left would reopen the editor.
afterEach(async () => {
  const page = await h.protocolPage();
  await page.evaluate(() => chrome.storage.local.remove("options-draft"));
});
after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

async function options(hash = "") {
  const page = await h.context.newPage();
  page.on("pageerror", (e) => h.console.push(`options pageerror: ${e.message}`));
  await page.goto(h.url(`options.html${hash}`));
  await page.locator(".section:not([hidden]) > div > *").first().waitFor();
  return page;
}

/** The preset names of the list, in order. */
async function listed(page) {
  return page.locator("#preset-list .preset-name").allInnerTexts();
}

/** The presets in storage.sync, in the stored order. */
async function stored() {
  const sync = await h.storage("sync");
  const order = sync["preset-order"]?.ids ?? [];
  return order.filter((id) => sync[`preset:${id}`]).map((id) => sync[`preset:${id}`]);
}

function presetFile(presets) {
  return { name: "presets.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ format: "pat-pilot/presets", version: 1, presets })) };
}

// First: once a popup has been reached over CDP, Playwright's download folder belongs to that
// connection and goes away with it, so downloads are checked before any popup opens.
test("exporting and importing the export reports nothing to change", async () => {
  const page = await options();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
  assert.equal(download.suggestedFilename(), "pat-pilot-presets.json");
  const text = await readFile(await download.path(), "utf8");
  const document = JSON.parse(text);
  assert.equal(document.format, "pat-pilot/presets");
  assert.deepEqual(document.presets.map((p) => p.id), (await stored()).map((p) => p.id));
  await page.locator("#import-file").setInputFiles({ name: "pat-pilot-presets.json", mimeType: "application/json", buffer: Buffer.from(text) });
  const preview = page.getByRole("region", { name: /Import/ });
  await preview.getByText("Nothing to import").waitFor();
  assert.match(await preview.locator("#import-summary").innerText(), /^0 to add, 0 to replace, \d+ unchanged, 0 rejected/);
  assert.equal(await preview.getByRole("button", { name: /^Import/ }).count(), 0);
  await preview.getByRole("button", { name: "Close" }).click();
  await page.close();
});

test("a preset made from a recipe, with another scope level and lifetime, is offered in the popup in order and creates a token with exactly its scopes", async () => {
  const page = await options();
  await page.getByRole("button", { name: "New preset" }).click();
  await page.getByRole("button", { name: /^Feeds \(publish\)/ }).click();
  const editor = page.getByRole("region", { name: "New preset" });
  await editor.getByLabel("Name", { exact: true }).fill("CI feeds");
  // Packaging: Read & write (the recipe) → Read; and Build: Read & execute.
  await editor.getByRole("group", { name: "Packaging" }).getByRole("radio", { name: /^Read vso\.packaging$/ }).check();
  await editor.getByRole("group", { name: "Build" }).getByRole("radio", { name: /^Read & execute/ }).check();
  await editor.getByRole("button", { name: "60 days" }).click();
  assert.equal(await editor.getByLabel("Lifetime").inputValue(), "60");
  assert.match(await page.locator("#scope-selected").innerText(), /Build: Read & execute, Packaging: Read/);
  await editor.getByRole("button", { name: "Done" }).click();
  await page.locator("#preset-list").waitFor();

  const names = await listed(page);
  assert.equal(names.at(-1), "CI feeds", `the new preset comes last: ${names}`);
  const saved = (await stored()).at(-1);
  assert.equal(saved.name, "CI feeds");
  assert.deepEqual([...saved.scopes].sort(), ["vso.build_execute", "vso.packaging"]);
  assert.equal(saved.lifetimeDays, 60);
  assert.equal((await h.storage("local"))["options-draft"], undefined, "no draft left behind");

  const both = await popupOn(h, "https://dev.azure.com/contoso/");
  const buttons = await both.popup.locator(".preset-list .preset-name").allInnerTexts();
  assert.deepEqual(buttons, names, "the popup offers the presets in the list's order");
  const before = h.fake.requests().length;
  await presetButton(both.popup, "CI feeds").click();
  await both.popup.getByRole("heading", { name: "Token created" }).waitFor({ timeout: 15_000 });
  const creates = h.fake.requests().slice(before).filter((r) => r.route === "webCreate" || r.route === "lifecycleCreate");
  assert.equal(creates.length, 1);
  const body = creates[0].body;
  const scope = body.scope ?? body.dataProviderContext?.properties?.scope;
  assert.deepEqual(scope.split(" ").sort(), ["vso.build_execute", "vso.packaging"]);
  await closeBoth(h, both);
  await page.close();
});

test("scope search finds scopes by label, group, id and description", async () => {
  const page = await options();
  await page.getByRole("button", { name: "New preset" }).click();
  await page.getByRole("button", { name: /^Blank preset/ }).click();
  const search = page.getByRole("searchbox", { name: "Search scopes" });
  const group = (name) => page.getByRole("group", { name, exact: true });
  const shown = async () => page.locator(".scope-group:not([hidden]) > legend").allInnerTexts();

  await search.fill("feeds"); // only in Packaging's descriptions
  assert.deepEqual(await shown(), ["Packaging"]);
  assert.match(await page.locator("#scope-count").innerText(), /1 group/);
  assert.match(await page.locator("#group-matches, .group-matches:not([hidden])").first().innerText(), /feeds and packages/);

  await search.fill("vso.code_status"); // an id
  assert.deepEqual(await shown(), ["Code"]);
  assert.ok(await group("Code").getByRole("checkbox", { name: /^Status/ }).isVisible());

  await search.fill("Read Audit Log"); // a label
  assert.deepEqual(await shown(), ["Auditing"]);

  await search.fill("SARIF"); // a description
  assert.deepEqual(await shown(), ["Advanced Security"]);

  await search.fill("zzz-no-such-scope");
  assert.deepEqual(await shown(), []);
  assert.match(await page.locator("#scope-count").innerText(), /No scope matches/);

  await search.fill("");
  assert.ok((await shown()).length > 10, "clearing the search shows the groups again");
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.locator("#preset-list").waitFor();
  await page.close();
});

test("full access replaces the other scopes, with a warning, and the custom scopes come back", async () => {
  const page = await options();
  await page.getByRole("button", { name: "New preset" }).click();
  await page.getByRole("button", { name: /^Git / }).click();
  await page.getByRole("radio", { name: "Full access" }).check();
  await page.getByRole("note").filter({ hasText: "never least privilege" }).waitFor();
  assert.ok(await page.locator("#picker-host").isHidden());
  await page.getByRole("radio", { name: "Custom defined" }).check();
  assert.match(await page.locator("#scope-selected").innerText(), /Code: Read & write/);
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.locator("#preset-list").waitFor();
  await page.close();
});

test("problems appear next to their fields, and an unsaved draft survives closing the page", async () => {
  const page = await options();
  await page.getByRole("button", { name: "New preset" }).click();
  await page.getByRole("button", { name: /^Blank preset/ }).click();
  await page.getByLabel("Lifetime").fill("400");
  await page.getByRole("button", { name: "Done" }).click();
  await page.locator("#p-name").filter({ hasText: "Give the preset a name" }).waitFor();
  assert.match(await page.locator("#p-scopes").innerText(), /at least one scope/);
  assert.match(await page.locator("#p-lifetime").innerText(), /between 1 and 365 days/);
  assert.equal(await page.getByLabel("Name", { exact: true }).getAttribute("aria-invalid"), "true");
  await until(async () => (await page.evaluate(() => document.activeElement.id)) === "f-name", { what: "focus on the first problem" });
  await page.getByLabel("Name", { exact: true }).fill("Half done");
  await page.getByLabel("Token name").fill("{preset} {nope}");
  await page.locator("#p-template").filter({ hasText: "Unknown placeholder {nope}" }).waitFor();
  await until(async () => (await h.storage("local"))["options-draft"]?.name === "Half done", { what: "the draft in storage.local" });
  assert.ok(!(await stored()).some((p) => p.name === "Half done"), "an invalid draft is not synced");
  await page.close();

  const again = await options();
  await again.getByText("Your unsaved changes from last time were restored.").waitFor();
  assert.equal(await again.getByLabel("Name", { exact: true }).inputValue(), "Half done");
  await again.getByRole("button", { name: "Cancel" }).click();
  await again.locator("#preset-list").waitFor();
  assert.equal((await h.storage("local"))["options-draft"], undefined);
  await again.close();
});

test("edits are saved to sync after a second of quiet, without Done", async () => {
  const page = await options();
  const first = (await stored())[0];
  await page.locator(`#edit-${first.id}`).click();
  await page.getByLabel("Lifetime").fill("21");
  await until(async () => (await stored())[0].lifetimeDays === 21, { what: "the autosave" });
  await page.getByText("All changes saved.").waitFor();
  await page.getByLabel("Lifetime").fill(String(first.lifetimeDays));
  await page.getByRole("button", { name: "Done" }).click();
  await page.locator("#preset-list").waitFor();
  assert.equal((await stored())[0].lifetimeDays, first.lifetimeDays);
  await page.close();
});

test("a lifetime above an organization's learned limit gets a note", async () => {
  const setup = await h.protocolPage();
  await setup.evaluate(async () => {
    await chrome.storage.local.set({
      orgs: { v: 1, orgs: [{ name: "contoso", hostStyle: "modern", lastUsed: new Date().toISOString() }] },
      "org:contoso": { v: 1, maxLifespanDays: 30 },
    });
  });
  const page = await options();
  await page.locator(`#edit-${(await stored())[0].id}`).click();
  await page.getByLabel("Lifetime").fill("90");
  await page.locator("#lifetime-note").filter({ hasText: "contoso allows tokens of at most 30 days" }).waitFor();
  await page.getByLabel("Lifetime").fill("30");
  await page.locator("#lifetime-note").waitFor({ state: "hidden" });
  await page.getByRole("button", { name: "Discard changes" }).click();
  await page.locator("#preset-list").waitFor();
  await setup.evaluate(() => chrome.storage.local.remove(["orgs", "org:contoso"]));
  await page.close();
});

test("when sync storage is full, the editor says so and keeps the draft on this computer", async () => {
  const setup = await h.protocolPage();
  const fillers = await setup.evaluate(async () => {
    const used = await chrome.storage.sync.getBytesInUse(null);
    let room = chrome.storage.sync.QUOTA_BYTES - used - 60;
    const items = {};
    for (let n = 0; room > 20; n++) {
      const key = `filler-${n}`;
      const size = Math.min(8000, room) - key.length - 2;
      items[key] = "x".repeat(Math.max(size, 1));
      room -= key.length + size + 2;
    }
    await chrome.storage.sync.set(items);
    return Object.keys(items);
  });
  try {
    const page = await options();
    await page.getByRole("button", { name: "New preset" }).click();
    await page.getByRole("button", { name: /^Read-only/ }).click();
    await page.getByLabel("Name", { exact: true }).fill("Too much");
    await page.getByRole("button", { name: "Done" }).click();
    await page.locator("#editor-status").filter({ hasText: "Not saved to browser sync" }).waitFor();
    assert.match(await page.locator("#editor-status").innerText(), /Browser sync would be full .*kept on this computer/);
    assert.equal((await h.storage("local"))["options-draft"]?.name, "Too much");
    assert.ok(!(await stored()).some((p) => p.name === "Too much"));
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.locator("#preset-list").waitFor();
    await page.close();
  } finally {
    await setup.evaluate((keys) => chrome.storage.sync.remove(keys), fillers);
  }
});

test("importing 3 good presets and 1 bad previews them, and confirming adds the 3 to the popup", async () => {
  const page = await options();
  const countBefore = (await stored()).length;
  const good = (n) => ({ id: `imported-${n}`, name: `Imported ${n}`, scopes: ["vso.work"], lifetimeDays: 14, nameTemplate: "{preset} · {date}", orgs: "all" });
  const bad = { id: "imported-bad", name: "Broken", scopes: ["vso.nope"], lifetimeDays: 900, nameTemplate: "{preset}", orgs: "all" };
  await page.locator("#import-file").setInputFiles(presetFile([good(1), good(2), bad, good(3)]));
  const preview = page.getByRole("region", { name: /Import/ });
  await preview.waitFor();
  assert.equal(await preview.locator("#import-added li").count(), 3);
  assert.equal(await preview.locator("#import-rejected > ul > li").count(), 1);
  const rejected = await preview.locator("#import-rejected").innerText();
  assert.match(rejected, /Broken/);
  assert.match(rejected, /Unknown scope: vso\.nope/);
  assert.match(rejected, /Lifetime: Choose between 1 and 365 days/);
  assert.equal((await stored()).length, countBefore, "nothing written before confirming");
  await assertAccessible(assert, page, "import preview");
  await preview.getByRole("button", { name: "Import 3 presets" }).click();
  await page.getByText("Imported 3 presets.").waitFor();
  assert.equal((await stored()).length, countBefore + 3);
  assert.deepEqual((await listed(page)).slice(-3), ["Imported 1", "Imported 2", "Imported 3"]);

  const both = await popupOn(h, "https://dev.azure.com/contoso/");
  const names = await both.popup.locator(".preset-list .preset-name").allInnerTexts();
  assert.deepEqual(names.slice(-3), ["Imported 1", "Imported 2", "Imported 3"]);
  assert.equal(names.length, countBefore + 3);
  await closeBoth(h, both);
  await page.close();
});

test("a malformed file and a 1 MB file are refused with a clear error and leave the presets as they were", async () => {
  const page = await options();
  const before = JSON.stringify(await h.storage("sync"));
  await page.locator("#import-file").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from('{"format": "pat-pilot/presets", "version": 1, "presets": [') });
  const alert = page.getByRole("alert");
  await alert.filter({ hasText: "not valid JSON" }).waitFor();
  assert.match(await alert.innerText(), /Your presets are unchanged/);
  await page.getByRole("button", { name: "Close" }).click();

  await page.locator("#import-file").setInputFiles({ name: "huge.json", mimeType: "application/json", buffer: Buffer.alloc(1024 * 1024, 0x20) });
  await alert.filter({ hasText: "1024 KB" }).waitFor();
  assert.match(await alert.innerText(), /at most 256 KB/);

  await page.locator("#import-file").setInputFiles({ name: "other.json", mimeType: "application/json", buffer: Buffer.from('{"hello": "world"}') });
  await alert.filter({ hasText: "not a PAT Pilot presets file" }).waitFor();
  assert.equal(JSON.stringify(await h.storage("sync")), before);
  await page.close();
});

test("delete then undo puts the preset back where it was", async () => {
  const page = await options();
  const names = await listed(page);
  const victim = names[1];
  const row = page.getByRole("listitem", { name: victim, exact: true });
  await row.getByRole("button", { name: "Delete" }).click();
  await page.getByText(`Deleted “${victim}”.`).waitFor();
  assert.ok(!(await stored()).some((p) => p.name === victim), "deleted from sync");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Undo");
  await page.getByRole("button", { name: "Undo" }).click();
  await page.getByText(`Restored “${victim}”.`).waitFor();
  assert.deepEqual(await listed(page), names);
  assert.deepEqual((await stored()).map((p) => p.name), names);
  await page.close();
});

test("duplicate and reorder: the popup follows the list's order", async () => {
  const page = await options();
  const names = await listed(page);
  await page.getByRole("listitem", { name: names[0], exact: true }).getByRole("button", { name: "Duplicate" }).click();
  await page.getByText(`Added “${names[0]} (copy)”`).waitFor();
  assert.deepEqual((await listed(page)).slice(0, 2), [names[0], `${names[0]} (copy)`]);
  await page.getByRole("button", { name: `Move ${names[0]} (copy) down` }).click();
  await until(async () => (await stored()).map((p) => p.name)[2] === `${names[0]} (copy)`, { what: "the new order in sync" });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), `Move ${names[0]} (copy) down`, "focus stays on the arrow");
  await page.getByRole("listitem", { name: `${names[0]} (copy)` }).getByRole("button", { name: "Delete" }).click();
  await page.getByText(`Deleted “${names[0]} (copy)”.`).waitFor();
  assert.deepEqual(await listed(page), names);
  await page.close();
});

test("a preset added in another window appears in the list without a reload", async () => {
  const page = await options();
  const other = await h.protocolPage();
  await other.evaluate(async () => {
    const { "preset-order": order } = await chrome.storage.sync.get("preset-order");
    await chrome.storage.sync.set({
      "preset:from-elsewhere": { v: 1, id: "from-elsewhere", name: "From elsewhere", scopes: ["vso.wiki"], lifetimeDays: 5, nameTemplate: "{preset}", orgs: "all" },
      "preset-order": { v: 1, ids: [...order.ids, "from-elsewhere"] },
    });
  });
  await page.getByRole("listitem", { name: "From elsewhere", exact: true }).waitFor();
  await page.getByRole("listitem", { name: "From elsewhere", exact: true }).getByRole("button", { name: "Delete" }).click();
  await page.getByText("Deleted “From elsewhere”.").waitFor();
  await page.close();
});

test("keyboard only: a preset is made and its scope level chosen without a pointer", async () => {
  const page = await options();
  await page.locator("#new-preset").focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter"); // the first recipe, focused
  await page.locator("#editor").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), "f-name");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("Keyboard git");
  // Into the scope picker: the Code group's radios move with the arrow keys.
  await page.locator("#lvl-vso-code-write").focus();
  await page.keyboard.press("ArrowLeft");
  assert.match(await page.locator("#scope-selected").innerText(), /Code: Read$/);
  await page.locator("#editor-done").focus();
  await page.keyboard.press("Enter");
  await page.locator("#preset-list").waitFor();
  const saved = (await stored()).find((p) => p.name === "Keyboard git");
  assert.deepEqual(saved.scopes, ["vso.code"]);
  await page.getByRole("listitem", { name: "Keyboard git", exact: true }).getByRole("button", { name: "Delete" }).press("Enter");
  await page.getByText("Deleted “Keyboard git”.").waitFor();
  await page.close();
});

test("settings: thresholds, interval and watched organizations are saved; an organization is added by URL", async () => {
  const page = await options("#settings");
  await page.getByRole("heading", { name: "Expiry warnings" }).waitFor();
  await page.getByLabel("Add a warning").fill("30");
  await page.getByLabel("Add a warning").press("Enter");
  await page.getByRole("button", { name: "Remove the warning 30 days before expiry" }).waitFor();
  await page.getByRole("button", { name: "Remove the warning 1 day before expiry" }).click();
  await until(async () => JSON.stringify((await h.storage("sync")).settings?.thresholds) === "[30,14,7]", { what: "thresholds saved" });
  await page.getByLabel("Add a warning").fill("500");
  await page.getByLabel("Add a warning").press("Enter");
  await page.getByText("Choose between 1 and 90 days.").waitFor();
  await page.getByLabel("Check for expiring tokens").selectOption("12");
  await until(async () => (await h.storage("sync")).settings?.checkIntervalHours === 12, { what: "interval saved" });

  await page.getByRole("textbox", { name: "Add an organization" }).fill("https://fabrikam.visualstudio.com/Project/_git/repo");
  await page.getByRole("textbox", { name: "Add an organization" }).press("Enter");
  await page.getByText("Watching fabrikam.").waitFor();
  const known = (await h.storage("local")).orgs.orgs;
  assert.deepEqual(known.map((o) => [o.name, o.hostStyle]).find(([n]) => n === "fabrikam"), ["fabrikam", "legacy"]);
  await page.getByRole("textbox", { name: "Add an organization" }).fill("https://example.com/contoso");
  await page.getByRole("textbox", { name: "Add an organization" }).press("Enter");
  await page.getByText("This URL is not an Azure DevOps organization's.").waitFor();
  await page.getByRole("button", { name: "Remove fabrikam" }).click();
  await page.getByText("Stopped watching fabrikam.").waitFor();
  assert.ok(!(await h.storage("local")).orgs.orgs.some((o) => o.name === "fabrikam"));
  await assertAccessible(assert, page, "settings");
  await page.close();
});

test("Check now asks the engine and says what it did", async () => {
  const page = await options("#settings");
  await page.getByRole("button", { name: "Check now" }).click();
  const result = page.locator("#check-result");
  await result.filter({ hasText: /Checked\.|The check failed/ }).waitFor({ timeout: 20_000 });
  assert.match(await result.innerText(), /Checked\./);
  await page.close();
});

test("diagnostics shows which route works against the fake in each mode, and the report has no secrets", async () => {
  const tab = await h.openAdo("https://dev.azure.com/contoso/");
  const page = await options("#settings");
  await page.getByRole("textbox", { name: "Add an organization" }).fill("contoso");
  await page.getByRole("textbox", { name: "Add an organization" }).press("Enter");
  await page.getByText("Watching contoso.").waitFor();
  await page.getByRole("link", { name: "Diagnostics" }).click();
  const card = page.getByRole("article", { name: "contoso" });
  const verdict = card.locator(".verdict");
  const run = async () => {
    await card.getByRole("button", { name: "Run diagnostics" }).click();
    await verdict.waitFor({ timeout: 20_000 });
    return verdict.innerText();
  };
  const modes = [
    [{ web: "on", lifecycle: "cookie" }, /Route that works: Token page routes/],
    [{ web: "off", lifecycle: "cookie" }, /Route that works: Public PAT Lifecycle API/],
    [{ web: "gone", lifecycle: "any" }, /Route that works: Public PAT Lifecycle API/],
    [{ web: "on", lifecycle: "off" }, /Route that works: Token page routes/],
    [{ web: "off", lifecycle: "off" }, /No route works/],
  ];
  for (const [mode, expected] of modes) {
    h.fake.configure(mode);
    assert.match(await run(), expected, JSON.stringify(mode));
  }
  const report = await card.locator("pre").textContent();
  assert.match(report, /"organization": "contoso"/);
  for (const secret of h.fake.issuedSecrets()) assert.ok(!report.includes(secret), "no issued secret in the report");
  assert.doesNotMatch(report, /UserAuthentication|Bearer |cookie/i);
  await card.getByRole("button", { name: "Copy report" }).click();
  await card.locator("[role=status]").filter({ hasText: /Copied|Could not copy/ }).waitFor();
  await assertAccessible(assert, page, "diagnostics");
  h.fake.configure({ web: "on", lifecycle: "cookie" });
  await page.close();
  await tab.close();
});

test("axe-core finds nothing on the list, the recipes and the editor, light and dark", async () => {
  for (const scheme of ["light", "dark"]) {
    const page = await options();
    await page.emulateMedia({ colorScheme: scheme });
    await assertAccessible(assert, page, `list, ${scheme}`);
    await page.getByRole("button", { name: "New preset" }).click();
    await assertAccessible(assert, page, `recipes, ${scheme}`);
    await page.getByRole("button", { name: /^Marketplace publish/ }).click();
    await page.getByRole("button", { name: "Show all scopes" }).click();
    await page.getByRole("radio", { name: "Only these organizations" }).check();
    await page.getByLabel("Lifetime").fill("0");
    await page.getByRole("button", { name: "Done" }).click();
    await page.locator("#p-lifetime:not([hidden])").waitFor();
    await assertAccessible(assert, page, `editor with problems, ${scheme}`);
    await page.getByRole("searchbox", { name: "Search scopes" }).fill("read");
    await assertAccessible(assert, page, `editor searching, ${scheme}`);
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.locator("#preset-list").waitFor();
    await page.goto(h.url("options.html#diagnostics"));
    await page.locator("#diagnostics-body > *").first().waitFor();
    await assertAccessible(assert, page, `diagnostics, ${scheme}`);
    await page.close();
  }
});
