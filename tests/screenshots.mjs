// Screenshots of every view, light and dark, for `make run` (headless) and the README.
import path from "node:path";
import { Harness } from "./e2e/harness.js";
import { popupScreenshots } from "./screenshots-popup.mjs";

export async function takeScreenshots(dir) {
  const files = [];
  for (const scheme of ["light", "dark"]) {
    const suffix = scheme === "light" ? "" : "-dark";
    const h = await Harness.start({ colorScheme: scheme });
    try {
      files.push(...(await popupScreenshots(h, dir, scheme)));

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
