// Screenshots of each popup view for `make run` and the README (tools/screenshots.mjs calls this
// once per colour scheme): presets, a created token and its Copy as…, the Tokens view (one and all
// organizations), a lifespan refusal, away from Azure DevOps, signed out.
import path from "node:path";
import { seedPresets } from "../tests/e2e/popup-helpers.js";

export async function popupScreenshots(h, dir, scheme) {
  const suffix = scheme === "light" ? "" : "-dark";
  const files = [];
  await seedPresets(h);
  const shot = async (popup, name, options = {}) => {
    const file = path.join(dir, `${name}${suffix}.png`);
    await popup.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    await popup.screenshot({ path: file, animations: "disabled", ...options });
    files.push(file);
  };
  const open = async (tab) => {
    const popup = await h.openPopup(tab);
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.locator("#view .screen").waitFor();
    return popup;
  };
  const settled = (popup) => popup.locator(".who").filter({ hasNotText: "Checking" }).waitFor();

  const tab = await h.openAdo("https://dev.azure.com/contoso/");
  let popup = await open(tab);
  await settled(popup);
  // Focus rings belong to keyboard use; the pictures show the resting state.
  await popup.evaluate(() => document.activeElement?.blur());
  await shot(popup, "popup");

  await popup.getByRole("button", { name: /^Git\b/ }).click();
  await popup.getByRole("heading", { name: "Token created" }).waitFor();
  await popup.getByRole("button", { name: "Copy" }).click();
  await popup.getByRole("button", { name: "Copied" }).waitFor();
  await shot(popup, "popup-created");

  // Copy as…: a feed format, the feed typed (the preset names none), the masked preview.
  await popup.getByRole("combobox", { name: "Copy as" }).selectOption("npmrc");
  await popup.getByLabel("Azure Artifacts feed").fill("packages");
  await popup.getByRole("button", { name: "Copy", exact: true }).click();
  await popup.getByRole("button", { name: "Copied" }).waitFor();
  await shot(popup, "popup-copy-as", { fullPage: true });

  await popup.getByRole("button", { name: "Tokens" }).click();
  await popup.locator(".token-list").waitFor();
  await popup.getByRole("button", { name: "Extend Git (laptop)" }).click();
  await popup.getByRole("group", { name: "Extend Git (laptop)" }).waitFor();
  await shot(popup, "popup-tokens", { fullPage: true });
  // Every organization: fabrikam was never visited and the fake refuses the organization list
  // (its default), so it shows by id, saying why its tokens offer no actions.
  await popup.getByRole("button", { name: "All organizations" }).click();
  await popup.locator(".org-heading").first().waitFor();
  await popup.evaluate(() => document.activeElement?.blur());
  await shot(popup, "popup-all-orgs", { fullPage: true });
  await h.closePopup(popup);

  h.fake.configure({ policy: { maxLifespanDays: 7, lifespanMode: "reject" } });
  const fabrikam = await h.openAdo("https://dev.azure.com/fabrikam/");
  popup = await open(fabrikam);
  await settled(popup);
  await popup.getByRole("button", { name: /^Git\b/ }).click();
  await popup.getByRole("button", { name: "Create with 7 days" }).waitFor();
  await popup.evaluate(() => document.activeElement?.blur());
  await shot(popup, "popup-policy");
  await h.closePopup(popup);
  h.fake.configure({ policy: { maxLifespanDays: null, lifespanMode: "clamp" } });

  const blank = await h.context.newPage();
  popup = await open(blank);
  await popup.getByRole("heading", { name: "Not an Azure DevOps organization" }).waitFor();
  await popup.evaluate(() => document.activeElement?.blur());
  await shot(popup, "popup-elsewhere");
  await h.closePopup(popup);

  h.fake.signOut();
  popup = await open(tab);
  await popup.getByRole("button", { name: "Sign in to Azure DevOps" }).waitFor();
  await popup.evaluate(() => document.activeElement?.blur());
  await shot(popup, "popup-signed-out");
  await h.closePopup(popup);
  for (const page of [tab, fabrikam, blank]) await page.close();
  return files;
}
