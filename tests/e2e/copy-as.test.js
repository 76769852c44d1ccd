// "Copy as…" end to end: a preset's default format and feed set in the options editor (and
// kept by export and import), the real popup creating a token from it, every format chosen in
// turn and copied, and the clipboard read back (clipboard read and write granted over CDP,
// `Browser.grantPermissions`; nothing fakes the clipboard). The
// expected texts are the forms Microsoft documents (docs/copy-formats.md), written out here
// independently of the Rust formatter. Also: the shortcut the options page shows.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { Harness } from "./harness.js";
import { seedPresets, popupOn, closeBoth, presetButton, sessionKnown, assertAccessible, until } from "./popup-helpers.js";

const PRESETS = [
  { id: "git", name: "Git", scopes: ["vso.code_write"], lifetimeDays: 30, nameTemplate: "{preset} · {org} · {date}", orgs: "all" },
  { id: "npm", name: "npm feed", scopes: ["vso.packaging"], lifetimeDays: 30, nameTemplate: "{preset} · {date}", orgs: "all" },
];

let h;
before(async () => {
  h = await Harness.start();
  await seedPresets(h, PRESETS);
});
after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

const b64 = (text) => Buffer.from(text, "utf8").toString("base64");

/** The documented form of each format, for a token of contoso and a feed (and project). */
function documented(format, secret, { feed = "packages", project = null } = {}) {
  const base = `pkgs.dev.azure.com/contoso${project ? `/${encodeURIComponent(project)}` : ""}/_packaging/${feed}`;
  const header = `Authorization: Basic ${b64(`:${secret}`)}`;
  switch (format) {
    case "raw": return secret;
    case "npmrc": return [
      "; begin auth token",
      ...[`//${base}/npm/registry/`, `//${base}/npm/`].flatMap((prefix) => [
        `${prefix}:username=contoso`,
        `${prefix}:_password=${b64(secret)}`,
        `${prefix}:email=npm requires email to be set but doesn't use the value`,
      ]),
      "; end auth token",
      "",
    ].join("\n");
    case "nuget": return `dotnet nuget add source https://${base}/nuget/v3/index.json --name ${feed} --username contoso --password ${secret} --store-password-in-clear-text`;
    case "pip": return `[global]\nindex-url=https://${feed}:${secret}@${base}/pypi/simple/\n`;
    case "maven": return `<server>\n  <id>${feed}</id>\n  <username>contoso</username>\n  <password>${secret}</password>\n</server>\n`;
    case "az-bash": return `export AZURE_DEVOPS_EXT_PAT=${secret}`;
    case "az-powershell": return `$env:AZURE_DEVOPS_EXT_PAT = '${secret}'`;
    case "git-header": return `git -c http.extraHeader="${header}"`;
    case "git-config": return `git config --global http.https://dev.azure.com/contoso/.extraHeader "${header}"`;
    default: throw new Error(`no documented form for ${format}`);
  }
}
const FEED_FORMATS = new Set(["npmrc", "nuget", "pip", "maven"]);

async function options(hash = "") {
  const page = await h.context.newPage();
  page.on("pageerror", (e) => h.console.push(`options pageerror: ${e.message}`));
  await page.goto(h.url(`options.html${hash}`));
  await page.locator(".section:not([hidden]) > div > *").first().waitFor();
  return page;
}

async function storedPreset(id) {
  return (await h.storage("sync"))[`preset:${id}`];
}

async function secretShown(popup) {
  await popup.getByRole("heading", { name: "Token created" }).waitFor({ timeout: 15_000 });
  return popup.getByLabel("Personal access token").inputValue();
}

/**
 * Clipboard read and write for the browser's pages, over CDP (`Browser.grantPermissions`).
 * Chromium refuses an extension origin there ("Permission can't be granted to opaque
 * origins"), so the grant is for every origin of the (test-only) browser context.
 */
async function grantClipboard() {
  await h.context.grantPermissions(["clipboard-read", "clipboard-write"]);
}

/** What the system clipboard holds, read in the popup (granted clipboard-read). */
async function clipboard(popup) {
  return popup.evaluate(() => navigator.clipboard.readText());
}

// Before any popup opens: a download belongs to the CDP connection a popup is reached over.
test("the editor sets a preset's format and feed, checks them, and export and import keep them", async () => {
  const page = await options();
  await page.locator("#preset-list .preset-row").filter({ hasText: "npm feed" }).getByRole("button", { name: "Edit" }).click();
  const format = page.getByRole("combobox", { name: "Copy as" });
  await format.waitFor();
  assert.equal(await format.inputValue(), "raw", "a preset without copyAs copies the token as it is");
  assert.equal(await page.getByLabel("Feed", { exact: true }).isVisible(), false, "no feed for the token itself");

  await format.selectOption({ label: "npm (.npmrc)" });
  const feed = page.getByLabel("Feed", { exact: true });
  await feed.waitFor();
  await feed.fill("my feed");
  await page.getByRole("button", { name: "Done" }).click();
  await page.locator("#p-feed").getByText(/Use only letters/).waitFor();
  assert.equal(await feed.getAttribute("aria-invalid"), "true");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "f-feed", "Done takes focus to the feed");

  await feed.fill("packages");
  await page.getByRole("radio", { name: "a project" }).check();
  const project = page.getByLabel("Project", { exact: true });
  await project.fill("Web Shop");
  await assertAccessible(assert, page, "editor with the feed fields");
  await page.getByRole("button", { name: "Done" }).click();
  await page.locator("#editor").waitFor({ state: "detached" });
  assert.deepEqual((await storedPreset("npm")).copyAs, { format: "npmrc", feed: "packages", project: "Web Shop" });
  assert.equal((await storedPreset("npm")).v, 2);

  // Export, then import the file: nothing to change, and the file names the format and feed.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
  const text = await readFile(await download.path(), "utf8");
  const exported = JSON.parse(text);
  assert.equal(exported.version, 2);
  assert.deepEqual(exported.presets.find((p) => p.id === "npm").copyAs, { format: "npmrc", feed: "packages", project: "Web Shop" });
  assert.equal(exported.presets.find((p) => p.id === "git").copyAs, undefined);
  // Import it into a clean slate: the preset comes back with its format and feed.
  await seedPresets(h, PRESETS);
  await page.reload();
  await page.locator("#import-file").setInputFiles({ name: "pat-pilot-presets.json", mimeType: "application/json", buffer: Buffer.from(text) });
  const preview = page.getByRole("region", { name: /Import/ });
  await preview.waitFor();
  assert.match(await preview.locator("#import-summary").innerText(), /^0 to add, 1 to replace/);
  await preview.getByRole("button", { name: /^Import/ }).click();
  await until(async () => (await storedPreset("npm"))?.copyAs?.feed === "packages", { what: "the imported preset's copyAs" });
  assert.deepEqual((await storedPreset("npm")).copyAs, { format: "npmrc", feed: "packages", project: "Web Shop" });
  await page.close();
});

test("the options page shows the shortcut that opens the popup and how to change it", async () => {
  const page = await options("#settings");
  const card = page.getByRole("region", { name: "Keyboard shortcut" });
  await card.getByText("Alt+Shift+K").waitFor();
  assert.equal(await page.locator("#shortcut").innerText(), "Alt+Shift+K");
  assert.match(await card.innerText(), /chrome:\/\/extensions\/shortcuts/);
  assert.match(await card.innerText(), /Manage Extension Shortcuts/);
  await assertAccessible(assert, page, "settings with the shortcut");
  // What the browser reports is what is shown.
  const commands = await h.inWorker(() => chrome.commands.getAll());
  assert.equal(commands.find((c) => c.name === "_execute_action")?.shortcut, "Alt+Shift+K");
  await page.close();
});

test("the popup starts on the preset's format and feed and copies the documented text", async () => {
  // As the editor stored it in the first test (set here too, so this test stands alone).
  const npm = { v: 2, ...PRESETS[1], copyAs: { format: "npmrc", feed: "packages", project: "Web Shop" } };
  await (await h.protocolPage()).evaluate((p) => chrome.storage.sync.set({ "preset:npm": p }), npm);
  const both = await popupOn(h);
  const { popup } = both;
  await grantClipboard();
  await sessionKnown(popup);
  await presetButton(popup, "npm feed").click();
  const secret = await secretShown(popup);
  const select = popup.getByRole("combobox", { name: "Copy as" });
  assert.equal(await select.inputValue(), "npmrc");
  assert.match(await popup.locator(".created").innerText(), /Feed packages in project Web Shop \(from the preset\)/);
  const preview = await popup.locator(".copy-preview").innerText();
  assert.ok(!preview.includes(secret) && !preview.includes(b64(secret)), "the preview masks the token");
  assert.match(preview, /_packaging\/packages\/npm\/registry\/:_password=••••••••/);
  await popup.getByRole("button", { name: "Copy" }).click();
  await popup.getByRole("button", { name: "Copied" }).waitFor();
  assert.equal(await clipboard(popup), documented("npmrc", secret, { project: "Web Shop" }));
  assert.match(await popup.locator("#status").innerText(), /Copied to the clipboard as npm \(\.npmrc\)/);
  await assertAccessible(assert, popup, "created with a preset feed");
  await closeBoth(h, both);
});

test("each format in turn, from the real popup, puts its documented text on the clipboard", async () => {
  const both = await popupOn(h);
  const { popup } = both;
  await grantClipboard();
  await sessionKnown(popup);
  await presetButton(popup, "Git").click();
  const secret = await secretShown(popup);
  assert.equal(secret, h.fake.issuedSecrets({ kind: "pat" }).at(-1));
  const select = popup.getByRole("combobox", { name: "Copy as" });
  assert.equal(await select.inputValue(), "raw", "a preset without a format: the token itself");
  const formats = await select.locator("option").evaluateAll((options) => options.map((o) => o.value));
  assert.deepEqual(formats, ["raw", "npmrc", "nuget", "pip", "maven", "az-bash", "az-powershell", "git-header", "git-config"]);

  let typed = false;
  for (const format of formats) {
    await select.selectOption(format);
    await until(async () => (await select.inputValue()) === format, { what: `${format} chosen` });
    const copy = popup.getByRole("button", { name: "Copy", exact: true });
    if (FEED_FORMATS.has(format) && !typed) {
      // The preset names no feed: Copy asks for one and copies nothing until it is given.
      await popup.evaluate(() => navigator.clipboard.writeText("before"));
      await copy.click();
      const feed = popup.getByLabel("Azure Artifacts feed");
      await popup.locator("#copy-feed-problem").getByText(/needs the name of an Azure Artifacts feed/).waitFor();
      assert.equal(await feed.getAttribute("aria-invalid"), "true");
      assert.equal(await clipboard(popup), "before", "nothing copied without a feed");
      await feed.fill("packages");
      await assertAccessible(assert, popup, "created, feed typed");
      typed = true;
    }
    await copy.click();
    await popup.getByRole("button", { name: "Copied" }).waitFor();
    assert.equal(await clipboard(popup), documented(format, secret), `${format} on the clipboard`);
    if (format !== "raw") {
      const preview = await popup.locator(".copy-preview").innerText();
      assert.ok(preview.includes("••••••••"), `${format}: masked preview`);
      for (const form of [secret, b64(secret), b64(`:${secret}`)]) assert.ok(!preview.includes(form), `${format}: preview without the token`);
    }
  }
  // A project typed for a project-scoped feed goes into the URL.
  await select.selectOption("nuget");
  await popup.getByLabel("Project (optional)").fill("Web Shop");
  await popup.getByRole("button", { name: "Copy", exact: true }).click();
  await popup.getByRole("button", { name: "Copied" }).waitFor();
  assert.equal(await clipboard(popup), documented("nuget", secret, { project: "Web Shop" }));
  await closeBoth(h, both);

  // The formatted text was never stored: nothing holds the feed's typed project or a copy.
  for (const area of ["local", "sync", "session"]) {
    const text = JSON.stringify(await h.storage(area));
    assert.ok(!text.includes("AZURE_DEVOPS_EXT_PAT") && !text.includes("extraHeader"), `storage.${area}`);
    assert.ok(!text.includes(b64(secret)), `storage.${area}: no base64 of the token`);
  }
});
