// The UI follows the browser's language: German from `locales/de`, dates from Intl.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { Harness } from "./harness.js";

// Debian ships Chromium's own translations separately (chromium-l10n); without them the browser
// stays in English whatever the environment says, and chrome.i18n with it.
const skip = existsSync("/usr/lib/chromium/locales/de.pak") ? false : "Chromium's German UI (Debian: chromium-l10n) is not installed";

let h;
before(async () => { if (!skip) h = await Harness.start({ locale: "de-DE" }); });
after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

test("with a German browser the popup speaks German", { skip }, async () => {
  const tab = await h.openAdo("https://dev.azure.com/contoso/");
  const popup = await h.openPopup(tab);
  await popup.getByRole("heading", { name: "Token erstellen" }).waitFor();
  assert.equal(await popup.evaluate(() => chrome.i18n.getUILanguage()), "de");
  await popup.getByRole("link", { name: "Optionen" }).or(popup.getByRole("button", { name: "Optionen" })).first().waitFor();
  await h.closePopup(popup);
  await tab.close();
});

test("with a German browser the options page speaks German", { skip }, async () => {
  const page = await h.context.newPage();
  await page.goto(h.url("options.html"));
  await page.getByRole("heading", { name: "Vorlagen" }).first().waitFor();
  await page.close();
});
