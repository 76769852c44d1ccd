// `make bench`: one table of medians, each next to its target, measured on this machine in
// headless Chromium against the fake Azure DevOps, with the same figures for a baseline
// extension (an empty popup page without wasm, a worker that answers without wasm) and our
// figures as ratios to that floor. A benchmark, not a test: it never fails on a slow machine;
// it prints. (It exits non-zero only when it could not measure at all.)
//
//   node tests/bench/bench.mjs      (after `make build`; $PAT_PILOT_EXTENSION as the harness)
//   BENCH_FROM=dist/bench.json node tests/bench/bench.mjs   (the table again, from saved samples)
import { spawnSync, spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const EXTENSION_DIR = path.resolve(process.env.PAT_PILOT_EXTENSION ?? path.join(ROOT, "dist/extension"));
const VERSION = /^version = "(.*)"/m.exec(readFileSync(path.join(ROOT, "Cargo.toml"), "utf8"))[1];
const ZIP = path.join(path.dirname(EXTENSION_DIR), `pat-pilot-${VERSION}.zip`);
// One wasm module per context (the Makefile's CONTEXTS); only the popup's has a size target.
const MODULES = ["popup", "options", "worker"].map((context) => ({
  context, file: path.join(EXTENSION_DIR, `pkg/${context}_bg.wasm`), target: context === "popup" ? 120 * 1024 : null,
}));
const KB = 1024;

// The floor: the least an MV3 extension can do for the same two measurements.
const BASELINE = {
  "manifest.json": JSON.stringify({
    manifest_version: 3, name: "baseline", version: "1.0",
    action: { default_popup: "popup.html" },
    options_ui: { page: "options.html", open_in_tab: true },
    background: { service_worker: "background.js", type: "module" },
  }),
  "background.js": 'chrome.runtime.onMessage.addListener((message, sender, reply) => { reply({ ok: { type: "pong", version: "0" } }); });\n',
  "popup.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>baseline</title></head><body><main id="app"></main><script type="module" src="popup.js"></script></body></html>\n',
  "popup.js": 'const b = document.createElement("button"); b.textContent = "preset"; document.querySelector("#app").append(b); performance.mark("presets-interactive");\n',
  "options.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>baseline</title></head><body></body></html>\n',
};

function median(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
const quantile = (samples, q) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(q * samples.length))];
const ms = (v) => `${v.toFixed(1)} ms`;
const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

/** PAT Pilot and the baseline, measured side by side (`measure.mjs`): `{ ours, floor }`. */
function measure(baselineDir) {
  return new Promise((resolve) => {
    process.stderr.write("measuring PAT Pilot and the baseline in headless Chromium…\n");
    const child = spawn(process.execPath, [path.join(HERE, "measure.mjs"), baselineDir], {
      env: { ...process.env, PAT_PILOT_EXTENSION: EXTENSION_DIR },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => { out += d; });
    child.on("exit", (code) => {
      const line = out.trim().split("\n").at(-1);
      const failed = { error: `measure.mjs exited ${code}` };
      try { resolve(JSON.parse(line)); } catch { resolve({ ours: failed, floor: failed }); }
    });
  });
}

/** A native cargo example that prints `<prefix>…: <ms> ms (<detail>)`. */
function native(example, prefix) {
  process.stderr.write(`running the native ${example}…\n`);
  const run = spawnSync("cargo", ["run", "--quiet", "--release", "--example", example], { cwd: ROOT, encoding: "utf8" });
  const line = run.stdout?.split("\n").find((l) => l.startsWith(prefix));
  const m = line && /: ([\d.]+) ms \((.*)\)/.exec(line);
  return m ? { ms: Number(m[1]), detail: m[2] } : { error: `${example}: ${(run.stderr ?? "").trim().split("\n").at(-1)}` };
}

const planner = () => native("planner_bench", "planner");

/** A row: what, median, spread, target, verdict; `null` target for context rows. */
function row(what, figure, target, { spread = "", baseline = "", ratio = "" } = {}) {
  return { what, figure, spread, target, baseline, ratio };
}

function timed(result, { target, unit = ms }) {
  if (!result) return { figure: "n/a", spread: "" };
  if (result.error) return { figure: result.error.startsWith("n/a") ? result.error : `n/a (${result.error})`, spread: "" };
  const m = median(result.samples);
  const verdict = target == null ? "" : m <= target ? " ✓" : " ✗";
  return {
    median: m,
    figure: `${unit(m)}${verdict}`,
    spread: `${unit(quantile(result.samples, 0.1))} – ${unit(quantile(result.samples, 0.9))}`,
  };
}

function ratioCell(ours, floor, target) {
  if (ours?.median == null || floor?.median == null || floor.median <= 0) return "n/a";
  const r = ours.median / floor.median;
  return `${r.toFixed(2)}× ${r <= target ? "✓" : "✗"} (≤ ${target}×)`;
}

function table(rows) {
  const head = ["measure (median)", "PAT Pilot", "p10 – p90", "target", "baseline", "ratio to baseline"];
  const body = rows.map((r) => [r.what, r.figure, r.spread, r.target, r.baseline, r.ratio]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

async function main() {
  if (MODULES.some((m) => !existsSync(m.file)) || !existsSync(ZIP)) {
    console.error(`bench: ${EXTENSION_DIR} or ${ZIP} is missing: run \`make build\` first`);
    return 1;
  }
  const sizes = MODULES.map((m) => ({ ...m, raw: statSync(m.file).size, gz: gzipSync(readFileSync(m.file), { level: 9 }).length }));
  const zip = statSync(ZIP).size;
  const plan = planner();
  const nativeCheck = native("check_bench", "check");

  // The raw samples go beside the build; BENCH_FROM=<that file> prints the table again from them.
  const raw = path.join(path.dirname(EXTENSION_DIR), "bench.json");
  let ours;
  let floor;
  if (process.env.BENCH_FROM) {
    ({ ours, floor } = JSON.parse(readFileSync(process.env.BENCH_FROM, "utf8")));
  } else {
    const baselineDir = await mkdtemp(path.join(tmpdir(), "pat-pilot-baseline-"));
    try {
      for (const [file, text] of Object.entries(BASELINE)) await writeFile(path.join(baselineDir, file), text);
      ({ ours, floor } = await measure(baselineDir));
    } finally {
      await rm(baselineDir, { recursive: true, force: true });
    }
    await writeFile(raw, JSON.stringify({ ours, floor }));
  }
  if (ours.error || floor.error) {
    console.error(`bench: could not measure: ${ours.error ?? floor.error}`);
    return 1;
  }

  const popup = timed(ours.popup, { target: 30 });
  const popupFloor = timed(floor.popup, {});
  const cold = timed(ours.coldStart, { target: 40 });
  const coldFloor = timed(floor.coldStart, {});
  const warm = timed(ours.warmPing, {});
  const warmFloor = timed(floor.warmPing, {});
  const create = timed(ours.create, { target: 5 });
  const check = timed(ours.check, { target: 10 });
  const n = (r) => r?.samples?.length ?? 0;
  const perOp = (r) => {
    if (!r?.requests?.length) return "";
    const count = median(r.requests);
    return `; ${count} request${count === 1 ? "" : "s"}, round trip ${ms(median(r.roundTrips))}`;
  };

  const rows = [
    row(`popup: navigation start → presets interactive (${n(ours.popup)} opens)`, popup.figure, "≤ 30 ms",
      { spread: popup.spread, baseline: popupFloor.figure, ratio: ratioCell(popup, popupFloor, 1.5) }),
    row(`worker cold start → first answered message (${n(ours.coldStart)} stops)`, cold.figure, "≤ 40 ms",
      { spread: cold.spread, baseline: coldFloor.figure, ratio: ratioCell(cold, coldFloor, 2) }),
    row(`warm ping round trip, for context (${n(ours.warmPing)})`, warm.figure, "—",
      { spread: warm.spread, baseline: warmFloor.figure, ratio: ratioCell(warm, warmFloor, Infinity).replace(/ ✓ \(≤ Infinity×\)/, "") }),
    row(`create overhead over the fake's round trip (${n(ours.create)} creates${perOp(ours.create)})`, create.figure, "≤ 5 ms", { spread: create.spread }),
    row(`check: 10 organizations × 500 cached tokens (${n(ours.check)} checks${perOp(ours.check)})`, check.figure, "≤ 10 ms", { spread: check.spread }),
    row(`check: the same, native over memory fakes (${nativeCheck.detail ?? "cargo example"})`, nativeCheck.error ? `n/a (${nativeCheck.error})` : ms(nativeCheck.ms), "—"),
    row(`planner: 5,000 tokens, native (${plan.detail ?? "cargo example"})`, plan.error ? `n/a (${plan.error})` : ms(plan.ms), "—"),
    ...sizes.map((m) => row(`wasm module: ${m.context}, gzip -9 (raw ${kb(m.raw)}, ${m.raw.toLocaleString("en")} B)`,
      `${kb(m.gz)} (${m.gz.toLocaleString("en")} B)${m.target == null ? "" : m.gz <= m.target ? " ✓" : " ✗"}`,
      m.target == null ? "—" : `≤ ${m.target / KB} KB`)),
    row(`zip size (${path.basename(ZIP)})`, `${kb(zip)} (${zip.toLocaleString("en")} B)${zip <= 250 * KB ? " ✓" : " ✗"}`, "≤ 250 KB"),
  ];

  console.log(`\nPAT Pilot ${VERSION} — benchmark on ${new Date().toISOString().slice(0, 10)}, headless Chromium, fake Azure DevOps (loopback)\n`);
  console.log(table(rows));
  console.log(`
✓ within target, ✗ over it (printed, never failed). KB = 1024 bytes.
- baseline: a second headless Chromium with the baseline extension runs beside PAT Pilot's; the
  popup opens, cold starts and warm pings alternate between the two, sample by sample.
- popup: the real toolbar popup over a dev.azure.com tab; performance.mark("presets-interactive"),
  set when the preset buttons are in the DOM, read as its startTime (from navigation start).
  Baseline: a popup page with one module script that adds a button and sets the same mark.
- cold start: the browser stops the worker (ServiceWorker.stopAllWorkers), then an extension page
  sends {type: "ping"} and times it until the answer (ours: wasm init + engine; baseline: a plain
  onMessage listener).
- create overhead: createFromPreset round trip timed in an extension page, minus the same HTTP
  requests replayed one by one with plain fetch() from the worker (the fake's zero-latency round
  trip), i.e. messaging, wasm, storage.session and the in-flight marker.
- check: checkNow over 10 organizations × 500 tokens seeded in storage.local (OrgState records,
  known organizations) while the fake refuses every call (signed out), so every organization is
  warned about from its cache; minus its HTTP requests replayed as for create. The first check
  (which shows the notifications due) is not counted.
- raw samples: ${process.env.BENCH_FROM ?? raw}.
- planner: \`cargo run --release --example planner_bench\` (5,000 tokens, 10 organizations).`);
  const { first, last } = ours.check ?? {};
  if (first && last) {
    const say = (s) => `${s.notified} notified, badge ${s.due}, ${s.refreshed} refreshed, ${s.stale} from the cache`;
    console.log(`- check summaries: first check ${say(first)}; last check ${say(last)}.`);
  }
  return 0;
}

process.exit(await main());
