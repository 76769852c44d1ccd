// Renders extension/icons/icon.svg to the PNG sizes the manifest names, with Debian's Chromium.
// Run by hand after changing the SVG (`make icons`); the PNGs are committed.
import { chromium } from "playwright-core";
import { readFile } from "node:fs/promises";

const svg = await readFile(new URL("../extension/icons/icon.svg", import.meta.url), "utf8");
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage();
for (const size of [16, 32, 48, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
  await page.screenshot({ path: new URL(`../extension/icons/icon-${size}.png`, import.meta.url).pathname, omitBackground: true });
}
await browser.close();
