// `make run`: PAT Pilot in Chromium against the bundled fake Azure DevOps, opened on
// https://dev.azure.com/contoso. With a display it opens a window and runs until you close it;
// without one it runs headless, saves screenshots to dist/screenshots/, prints their paths and
// exits. `make run REAL=1` (`--real`): Chromium with the extension against the real service.
import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Harness, EXTENSION_DIR, CHROMIUM } from "../tests/e2e/harness.js";
import { takeScreenshots } from "./screenshots.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const shots = path.resolve(root, process.env.DIST_DIR ?? "dist", "screenshots");

if (process.argv.includes("--real")) {
  // Your own default profile, the real dev.azure.com: nothing is mapped or faked.
  const child = spawn(CHROMIUM, [`--load-extension=${EXTENSION_DIR}`, "https://dev.azure.com/"], { stdio: "inherit" });
  child.on("exit", (code) => process.exit(code ?? 0));
} else if (!process.argv.includes("--headless") && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
  const h = await Harness.start({ headless: false });
  await h.openAdo("https://dev.azure.com/contoso/");
  console.log("PAT Pilot is running against the fake Azure DevOps (organization contoso). Close the window to stop.");
  h.context.on("close", async () => { await h.fake.close(); process.exit(0); });
} else {
  await mkdir(shots, { recursive: true });
  const files = await takeScreenshots(shots);
  console.log("No display: ran headless and saved screenshots:");
  for (const f of files) console.log(`  ${path.relative(process.cwd(), f)}`);
}
