// Firefox smoke check: the built extension, run by `web-ext run` in headless Firefox, loads its
// wasm module, answers `ping` through the engine, refuses a foreign sender, reads and writes
// storage, answers a page over runtime messaging and renders the popup and options pages.
//
// It runs a derived copy of `dist/extension` (the shipped manifest stays exact) that adds a
// self-test (background script + page) and the `http://127.0.0.1/*` host permission for the
// report it POSTs to a server this script runs. Skipped, with the reason, without Firefox.
//
//   node tests/firefox/smoke.mjs        (FIREFOX=/path/to/firefox to choose the binary)
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const EXTENSION_DIR = path.resolve(process.env.PAT_PILOT_EXTENSION ?? path.join(ROOT, "dist/extension"));
const WEB_EXT = path.join(ROOT, "node_modules/.bin/web-ext");
const DEADLINE_MS = 60_000;

function findFirefox() {
  if (process.env.FIREFOX) return existsSync(process.env.FIREFOX) ? process.env.FIREFOX : null;
  const dirs = (process.env.PATH ?? "").split(":").filter(Boolean);
  for (const name of ["firefox-esr", "firefox"]) {
    for (const dir of ["/usr/bin", ...dirs]) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

// The self-test's background half: runs beside the shipped background.js (same module
// instance of the wasm glue), calls the engine's message entry point the way ext.js does.
const BACKGROUND = (report) => `import init, * as pilot from "./pkg/worker.js";
const ext = globalThis.browser ?? globalThis.chrome;
const post = (body) => fetch(${JSON.stringify(report)}, { method: "POST", body: JSON.stringify(body) });
(async () => {
  const checks = {};
  try {
    await init({ module_or_path: new URL("./pkg/worker_bg.wasm", import.meta.url) });
    checks.wasm = "loaded";
    const me = { id: ext.runtime.id, base: ext.runtime.getURL("") };
    checks.ping = await pilot.workerMessage({ type: "ping" }, { id: me.id, url: me.base + "selftest.html" }, me);
    checks.foreign = await pilot.workerMessage({ type: "ping" }, { id: me.id, url: "https://dev.azure.com/evil-org/" }, me);
    await ext.storage.local.set({ "selftest:local": 1 });
    await ext.storage.session.set({ "selftest:session": 2 });
    checks.storage = [(await ext.storage.local.get("selftest:local"))["selftest:local"], (await ext.storage.session.get("selftest:session"))["selftest:session"]];
    await ext.storage.local.remove("selftest:local");
    checks.commands = await ext.commands.getAll();
    checks.hostAccess = await ext.permissions.contains({ origins: ["https://dev.azure.com/*", "https://vssps.dev.azure.com/*", "https://*.visualstudio.com/*"] });
    await ext.tabs.create({ url: ext.runtime.getURL("selftest.html") });
  } catch (e) {
    checks.error = String(e && e.stack || e);
  }
  await post({ from: "background", checks });
})();
`;

// The page half: the real protocol path (page → runtime.sendMessage → ext.js → wasm), and the
// two Rust-rendered pages in frames of the same origin.
const PAGE = (report) => `const ext = globalThis.browser ?? globalThis.chrome;
const post = (body) => fetch(${JSON.stringify(report)}, { method: "POST", body: JSON.stringify(body) });
const rendered = (file) => new Promise((resolve) => {
  const frame = document.createElement("iframe");
  frame.src = file;
  document.body.append(frame);
  const started = Date.now();
  const poll = () => {
    const app = frame.contentDocument && frame.contentDocument.querySelector("#app");
    if (app && app.childElementCount > 0) return resolve({ ok: true, text: app.innerText.slice(0, 80) });
    if (Date.now() - started > 20000) return resolve({ ok: false, html: app ? app.outerHTML.slice(0, 200) : "no #app" });
    setTimeout(poll, 100);
  };
  poll();
});
(async () => {
  const checks = {};
  try {
    checks.ping = await ext.runtime.sendMessage({ type: "ping" });
    checks.badRequest = await ext.runtime.sendMessage({ type: "ping", sneaky: true });
    checks.popup = await rendered("popup.html");
    checks.options = await rendered("options.html");
  } catch (e) {
    checks.error = String(e && e.stack || e);
  }
  await post({ from: "page", checks });
})();
`;

async function derivedCopy(dir, report) {
  const ext = path.join(dir, "extension");
  await cp(EXTENSION_DIR, ext, { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(ext, "manifest.json"), "utf8"));
  manifest.background.scripts = [...manifest.background.scripts, "selftest.js"];
  manifest.host_permissions = [...manifest.host_permissions, "http://127.0.0.1/*"];
  await writeFile(path.join(ext, "manifest.json"), JSON.stringify(manifest, null, 2));
  await writeFile(path.join(ext, "selftest.js"), BACKGROUND(report));
  await writeFile(path.join(ext, "selftest-page.js"), PAGE(report));
  await writeFile(path.join(ext, "selftest.html"),
    '<!doctype html><meta charset="utf-8"><title>self-test</title><script type="module" src="selftest-page.js"></script>');
  return ext;
}

function reportServer() {
  const reports = {};
  let notify = () => {};
  const server = http.createServer((req, res) => {
    const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "*" };
    if (req.method !== "POST") return res.writeHead(204, cors).end();
    let body = "";
    req.on("data", (chunk) => { body += chunk; });
    req.on("end", () => {
      try {
        const report = JSON.parse(body);
        reports[report.from] = report.checks;
      } catch (e) {
        reports.garbled = body.slice(0, 200);
      }
      res.writeHead(204, cors).end();
      notify();
    });
  });
  const both = new Promise((resolve) => { notify = () => { if (reports.background && reports.page) resolve(); }; });
  return { server, reports, both };
}

function verdict(reports, manifest) {
  const bg = reports.background ?? {};
  const suggested = manifest.commands?._execute_action?.suggested_key?.default;
  const shortcut = (bg.commands ?? []).find((c) => c.name === "_execute_action")?.shortcut;
  const page = reports.page ?? {};
  const pong = (reply) => reply?.ok?.type === "pong" && typeof reply.ok.version === "string";
  return [
    ["the wasm module loads in the background", bg.wasm === "loaded"],
    ["the engine answers ping (called as ext.js calls it)", pong(bg.ping)],
    ["the engine refuses a sender that is not one of its pages", bg.foreign?.error?.kind === "badRequest"],
    ["storage.local and storage.session work", JSON.stringify(bg.storage) === "[1,2]"],
    ["an extension page gets pong over runtime.sendMessage", pong(page.ping)],
    ["a malformed request is refused as data", page.badRequest?.error?.kind === "badRequest"],
    ["the popup renders (Rust, wasm)", page.popup?.ok === true],
    ["the options page renders (Rust, wasm)", page.options?.ok === true],
    [`the popup's keyboard shortcut is ${suggested}`, Boolean(suggested) && shortcut === suggested],
  ];
}

async function main() {
  const firefox = findFirefox();
  if (!firefox) {
    const reason = process.env.FIREFOX ? `FIREFOX=${process.env.FIREFOX} does not exist` : "no firefox-esr or firefox found (set FIREFOX=/path/to/firefox)";
    console.log(`firefox smoke: skipped — ${reason}`);
    return 0;
  }
  if (!existsSync(path.join(EXTENSION_DIR, "manifest.json"))) {
    console.error(`firefox smoke: ${EXTENSION_DIR} is missing: run \`make build\` first`);
    return 1;
  }
  const dir = await mkdtemp(path.join(tmpdir(), "pat-pilot-firefox-"));
  const { server, reports, both } = reportServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}/report`;
  let child;
  let output = "";
  const started = Date.now();
  try {
    const ext = await derivedCopy(dir, url);
    // `timeout` is the backstop; this script also stops web-ext (and its Firefox) itself.
    child = spawn("timeout", ["-k", "5", String(DEADLINE_MS / 1000 + 30), WEB_EXT, "run",
      "--source-dir", ext, "--artifacts-dir", path.join(dir, "artifacts"),
      "--target", "firefox-desktop", `--firefox=${firefox}`, "--no-input", "--no-reload",
      "--args=-headless"], { detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MOZ_HEADLESS: "1" } });
    child.stdout.on("data", (d) => { output += d; });
    child.stderr.on("data", (d) => { output += d; });
    const exited = new Promise((r) => child.on("exit", (code) => r(`web-ext exited (${code})`)));
    const outcome = await Promise.race([
      both.then(() => "reported"),
      exited,
      new Promise((r) => setTimeout(() => r("timed out"), DEADLINE_MS)),
    ]);
    const manifest = JSON.parse(await readFile(path.join(EXTENSION_DIR, "manifest.json"), "utf8"));
    const checks = verdict(reports, manifest);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    for (const [name, ok] of checks) console.log(`firefox smoke: ${ok ? "ok  " : "FAIL"} ${name}`);
    // Information, not a check: whether Firefox granted the Azure DevOps hosts at install.
    console.log(`firefox smoke: host permissions granted at install: ${reports.background?.hostAccess ?? "unknown"}`);
    const passed = outcome === "reported" && checks.every(([, ok]) => ok);
    console.log(`firefox smoke: ${passed ? "passed" : "FAILED"} in ${seconds} s with ${path.basename(firefox)} (${outcome})`);
    if (!passed) {
      console.log(`reports: ${JSON.stringify(reports, null, 1)}`);
      console.log(`web-ext output (last 3000 characters):\n${output.slice(-3000)}`);
    }
    return passed ? 0 : 1;
  } finally {
    if (child && child.exitCode === null) {
      try { process.kill(-child.pid, "SIGTERM"); } catch { /* already gone */ }
      await new Promise((r) => setTimeout(r, 1000));
      try { process.kill(-child.pid, "SIGKILL"); } catch { /* already gone */ }
    }
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

process.exit(await main());
