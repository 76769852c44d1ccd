// The JS boundary, JSON text against serde-wasm-bindgen (ARCHITECTURE.md "The JS boundary"):
// builds the crate with the `boundary-bench` feature (src/browser/boundary_bench.rs), runs it
// in Node (V8, the engine of Chromium's service worker and pages) and prints, for each path,
// the time per value both ways, and the wasm code that serde-wasm-bindgen adds. A benchmark,
// not a test: it prints.
//
//   node tests/bench/boundary.mjs        (needs cargo, wasm-bindgen; about a minute)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TARGET_DIR = path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, "target"), "wasm-boundary-bench");
const ROUNDS = Number(process.env.ROUNDS ?? 20);

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed`);
}

/** Code bytes per function name, from a wasm's code and name sections (a small `twiggy top`). */
function functionSizes(bytes) {
  let i = 8;
  const leb = () => { let r = 0, s = 0, b; do { b = bytes[i++]; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80); return r; };
  const name = () => { const n = leb(); const t = Buffer.from(bytes.subarray(i, i + n)).toString("utf8"); i += n; return t; };
  let imported = 0; const bodies = []; const names = new Map();
  while (i < bytes.length) {
    const id = bytes[i++]; const size = leb(); const end = i + size;
    if (id === 2) { // imports: count the functions (kind 0)
      for (let n = leb(); n > 0; n--) { name(); name(); const kind = bytes[i++];
        if (kind === 0) { leb(); imported++; } else if (kind === 1) { i++; const f = leb(); leb(); if (f & 1) leb(); }
        else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); } else if (kind === 3) { i += 2; } else { i++; leb(); } }
    } else if (id === 10) { for (let n = leb(); n > 0; n--) { const s = leb(); bodies.push(s); i += s; } }
    else if (id === 0 && name() === "name") {
      while (i < end) { const sub = bytes[i++]; const len = leb(); const stop = i + len;
        if (sub === 1) for (let n = leb(); n > 0; n--) { const idx = leb(); names.set(idx, name()); }
        i = stop; }
    }
    i = end;
  }
  return bodies.map((size, k) => ({ name: names.get(imported + k) ?? "", size }));
}

const out = mkdtempSync(path.join(tmpdir(), "pat-pilot-boundary-"));
try {
  process.stderr.write("building the boundary benchmark (cargo, wasm-bindgen)…\n");
  run("cargo", ["build", "--quiet", "--release", "--target", "wasm32-unknown-unknown", "--lib", "--no-default-features", "--features", "boundary-bench"], { CARGO_TARGET_DIR: TARGET_DIR });
  const raw = path.join(TARGET_DIR, "wasm32-unknown-unknown/release/pat_pilot.wasm");
  run("wasm-bindgen", ["--target", "nodejs", "--no-typescript", "--out-dir", out, "--out-name", "bench", raw]);
  const { boundaryBench } = createRequire(import.meta.url)(path.join(out, "bench.js"));
  const figures = boundaryBench(ROUNDS);
  const ms = (v) => (v >= 1 ? `${v.toFixed(1)} ms` : `${(v * 1000).toFixed(1)} µs`);
  console.log(`\nThe JS boundary: JSON text (JSON.parse/stringify + serde_json::Value) against serde-wasm-bindgen (Value ⇄ JS), Node ${process.version}, per value\n`);
  console.log("| path | into JS: JSON text | into JS: swb | from JS: JSON text | from JS: swb |");
  console.log("|---|---|---|---|---|");
  for (const [pathName, f] of Object.entries(figures)) {
    console.log(`| ${pathName} | ${ms(f.json.toJs)} | ${ms(f.swb.toJs)} | ${ms(f.json.fromJs)} | ${ms(f.swb.fromJs)} |`);
  }
  const sizes = functionSizes(readFileSync(raw));
  const swb = sizes.filter((f) => f.name.includes("serde_wasm_bindgen"));
  const total = sizes.reduce((a, f) => a + f.size, 0);
  console.log(`\nserde-wasm-bindgen's code in this module (both directions, for serde_json::Value): ${swb.reduce((a, f) => a + f.size, 0).toLocaleString("en")} B in ${swb.length} functions, before wasm-opt (all code: ${total.toLocaleString("en")} B)`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
