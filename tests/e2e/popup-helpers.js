// Shared steps of the popup's end-to-end files (and the popup screenshots): presets written to
// storage.sync as the options page would, the popup opened over an organization's tab, and
// axe-core run inside a page.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Presets as the options page stores them (`preset:<id>`, version 1). */
export const PRESETS = [
  { id: "git", name: "Git", scopes: ["vso.code_write"], lifetimeDays: 30, nameTemplate: "{preset} · {org} · {date}", orgs: "all" },
  { id: "feeds", name: "Package feeds", scopes: ["vso.packaging"], lifetimeDays: 90, nameTemplate: "{preset} · {date}", orgs: "all" },
  { id: "read", name: "Read-only", scopes: ["vso.code", "vso.work", "vso.build"], lifetimeDays: 7, nameTemplate: "{preset} · {date}", orgs: ["contoso"] },
];

/** Replaces every preset in storage.sync by `presets` (and marks the first run done). */
export async function seedPresets(h, presets = PRESETS) {
  const page = await h.protocolPage();
  // Let the worker's first-run seeding finish first, or it could add its presets after ours.
  await page.waitForFunction(async () => "preset-seeded" in (await chrome.storage.sync.get("preset-seeded")));
  await page.evaluate(async (presets) => {
    const all = await chrome.storage.sync.get(null);
    await chrome.storage.sync.remove(Object.keys(all).filter((k) => k.startsWith("preset")));
    const items = { "preset-order": { v: 1, ids: presets.map((p) => p.id) }, "preset-seeded": { v: 1, at: new Date().toISOString() } };
    for (const p of presets) items[`preset:${p.id}`] = { v: 1, ...p };
    await chrome.storage.sync.set(items);
  }, presets);
}

/** An Azure DevOps tab on `url` (signed in unless told) and the real popup over it. */
export async function popupOn(h, url = "https://dev.azure.com/contoso/", { signIn = true } = {}) {
  const tab = await h.openAdo(url, { signIn });
  const popup = await h.openPopup(tab);
  await popup.locator("#view .screen").waitFor();
  return { tab, popup };
}

/** Closes the popup and its tab. */
export async function closeBoth(h, { tab, popup }) {
  await h.closePopup(popup);
  await tab.close().catch(() => {});
}

/** A preset's button, by the preset's name. */
export function presetButton(popup, name) {
  return popup.getByRole("button", { name: new RegExp(`^${name}\\b`) });
}

/** The popup's `Hello` answered (the header no longer says it is checking). */
export async function sessionKnown(popup) {
  await popup.locator(".who").filter({ hasNotText: "Checking" }).waitFor();
}

let axeSource;
/**
 * Runs axe-core in `page` and returns its violations (id, impact, targets). Playwright
 * evaluates through CDP, which the extension pages' CSP does not restrict.
 */
export async function axe(page) {
  axeSource ??= await readFile(path.join(root, "node_modules/axe-core/axe.min.js"), "utf8");
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await globalThis.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return result;
}

/** Fails with a readable list when axe finds anything. */
export async function assertAccessible(assert, page, label) {
  const violations = await axe(page);
  assert.deepEqual(violations, [], `${label}: axe violations\n${JSON.stringify(violations, null, 1)}`);
}

/** Polls `fn` until it returns a truthy value (or throws after `ms`). */
export async function until(fn, { ms = 10_000, every = 100, what = "condition" } = {}) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
