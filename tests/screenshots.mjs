// Screenshots of every view, light and dark, for `make run` (headless) and the README.
import path from "node:path";
import { Harness } from "./e2e/harness.js";

export async function takeScreenshots(dir) {
  const files = [];
  for (const scheme of ["light", "dark"]) {
    const suffix = scheme === "light" ? "" : "-dark";
    const h = await Harness.start({ colorScheme: scheme });
    try {
      const tab = await h.openAdo("https://dev.azure.com/contoso/");
      const popup = await h.openPopup(tab);
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.locator("#app > *").first().waitFor();
      const file = path.join(dir, `popup${suffix}.png`);
      await popup.screenshot({ path: file });
      files.push(file);
      await h.closePopup(popup);

      const options = await h.context.newPage();
      await options.goto(h.url("options.html"));
      await options.locator("#app > *").first().waitFor();
      const optionsFile = path.join(dir, `options${suffix}.png`);
      await options.screenshot({ path: optionsFile, fullPage: true });
      files.push(optionsFile);
    } finally {
      await h.close();
    }
  }
  return files;
}
