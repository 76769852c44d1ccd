// Screenshots of every view, light and dark, for `make run` (headless) and the README.
import path from "node:path";
import { Harness } from "../tests/e2e/harness.js";
import { popupScreenshots } from "./screenshots-popup.mjs";

export async function takeScreenshots(dir) {
  const files = [];
  for (const scheme of ["light", "dark"]) {
    const suffix = scheme === "light" ? "" : "-dark";
    const h = await Harness.start({ colorScheme: scheme });
    try {
      files.push(...(await popupScreenshots(h, dir, scheme)));

      files.push(...(await optionsScreenshots(h, dir, suffix)));
    } finally {
      await h.close();
    }
  }
  return files;
}

/** Options presets for the pictures: the starting three and two of a person's own. */
const OPTIONS_PRESETS = [
  { id: "builtin-git", name: "Git", scopes: ["vso.code_write"], lifetimeDays: 30, nameTemplate: "{preset} · {date}", orgs: "all" },
  { id: "builtin-feeds-read", name: "Feeds (read)", scopes: ["vso.packaging"], lifetimeDays: 90, nameTemplate: "{preset} · {date}", orgs: "all" },
  { id: "builtin-read-only", name: "Read-only", scopes: ["vso.code", "vso.work", "vso.build", "vso.release"], lifetimeDays: 7, nameTemplate: "{preset} · {date}", orgs: "all" },
  { id: "p-release", name: "Release pipeline", scopes: ["vso.build_execute", "vso.release_execute", "vso.packaging_write"], lifetimeDays: 60, nameTemplate: "{preset} · {org} · {date}", orgs: ["contoso"] },
  { id: "p-vsce", name: "Marketplace publish", scopes: ["vso.gallery_manage"], lifetimeDays: 30, nameTemplate: "vsce · {date}", orgs: ["contoso", "fabrikam"] },
];

/** The options page: the presets list, the editor and an import preview. */
export async function optionsScreenshots(h, dir, suffix) {
  const files = [];
  const page = await h.context.newPage();
  await page.setViewportSize({ width: 1100, height: 760 });
  await page.goto(h.url("options.html"));
  await page.evaluate(async (presets) => {
    // Let the worker's first-run seeding finish first, or its order would replace this one.
    for (let i = 0; i < 50 && !(await chrome.storage.sync.get("preset-seeded"))["preset-seeded"]; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const all = await chrome.storage.sync.get(null);
    await chrome.storage.sync.remove(Object.keys(all).filter((k) => k.startsWith("preset")));
    const items = { "preset-order": { v: 1, ids: presets.map((p) => p.id) }, "preset-seeded": { v: 1, at: new Date().toISOString() } };
    for (const p of presets) items[`preset:${p.id}`] = { v: 1, ...p };
    await chrome.storage.sync.set(items);
  }, OPTIONS_PRESETS);
  await page.reload();
  await page.locator("#preset-list").waitFor();
  const shot = async (name, options = {}) => {
    const file = path.join(dir, `${name}${suffix}.png`);
    await page.screenshot({ path: file, ...options });
    files.push(file);
  };
  await shot("options", { fullPage: true });

  await page.locator("#edit-p-release").click();
  await page.locator("#editor").waitFor();
  await page.setViewportSize({ width: 1100, height: 1100 });
  await page.locator("#f-name").blur();
  await shot("options-editor");
  await page.getByRole("button", { name: "Done" }).click();
  await page.locator("#preset-list").waitFor();

  // A preset's Copy as… default: npm, a feed of a project.
  await page.locator("#edit-builtin-feeds-read").click();
  await page.locator("#editor").waitFor();
  await page.getByRole("combobox", { name: "Copy as" }).selectOption("npmrc");
  await page.getByLabel("Feed", { exact: true }).fill("packages");
  await page.getByRole("radio", { name: "a project" }).check();
  await page.getByLabel("Project", { exact: true }).fill("Web Shop");
  await page.locator("#f-project").blur();
  const fields = page.locator("fieldset.copy-as");
  await fields.scrollIntoViewIfNeeded();
  const file = path.join(dir, `options-editor-copy-as${suffix}.png`);
  await fields.screenshot({ path: file });
  files.push(file);
  await page.getByRole("button", { name: "Done" }).click();
  await page.locator("#preset-list").waitFor();

  // The settings, with the keyboard shortcut.
  await page.goto(h.url("options.html#settings"));
  await page.locator("#shortcut").filter({ hasText: "Alt+Shift+K" }).waitFor();
  await shot("options-settings", { fullPage: true });
  await page.goto(h.url("options.html"));
  await page.locator("#preset-list").waitFor();

  await page.setViewportSize({ width: 1100, height: 760 });
  const presetFile = {
    format: "pat-pilot/presets",
    version: 1,
    presets: [
      { id: "team-wiki", name: "Team wiki", scopes: ["vso.wiki_write"], lifetimeDays: 30, nameTemplate: "{preset} · {date}", orgs: "all" },
      { id: "p-vsce", name: "Marketplace publish", scopes: ["vso.gallery_publish"], lifetimeDays: 14, nameTemplate: "vsce · {date}", orgs: ["contoso"] },
      { id: "old-agent", name: "Old agent", scopes: ["vso.agentpools_manage", "vso.nope"], lifetimeDays: 400, nameTemplate: "{agent}", orgs: "all" },
    ],
  };
  await page.locator("#import-file").setInputFiles({ name: "team-presets.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(presetFile)) });
  await page.locator("#import-panel").waitFor();
  await shot("options-import", { fullPage: true });
  await page.close();
  return files;
}
