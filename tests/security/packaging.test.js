// CSP and packaging checks on the built extension and its zip: no remote code, no eval, no way
// for a web page in, and the zip holds what the extension loads and nothing else.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { crc32 } from "node:zlib";
import { builtFiles, manifest, readBuilt, requireBuilt, sizeOf, zipEntries } from "./built.js";

const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'";

requireBuilt();
const built = manifest();
const files = builtFiles();
const text = (rel) => readBuilt(rel).toString("utf8");
const ofType = (ext) => files.filter((f) => f.endsWith(ext));
const remote = (url) => /^[a-z][a-z0-9+.-]*:|^\/\//i.test(url.trim());

test("the CSP of extension pages is exactly script-src 'self' 'wasm-unsafe-eval'; object-src 'self'", () => {
  assert.deepEqual(built.content_security_policy, { extension_pages: CSP });
  const all = JSON.stringify(built);
  for (const weak of ["unsafe-inline", "'unsafe-eval'", "unsafe-hashes", "strict-dynamic", "http:", "blob:", "data:"]) {
    assert.ok(!all.includes(weak), `the manifest does not mention ${weak}`);
  }
});

test("no web page or other extension has a way in: no externally_connectable, web-accessible resources or content scripts", () => {
  for (const key of ["externally_connectable", "web_accessible_resources", "content_scripts", "sandbox", "chrome_url_overrides", "key", "update_url"]) {
    assert.equal(built[key], undefined, `manifest.${key}`);
  }
});

test("pages load only their own scripts: no remote or inline script, no inline handlers, no javascript: URLs", () => {
  const html = ofType(".html");
  assert.ok(html.length >= 2, "popup.html and options.html are built");
  for (const page of html) {
    const source = text(page);
    for (const [tag] of source.matchAll(/<script\b[^>]*>/gi)) {
      const src = /\bsrc\s*=\s*["']?([^"'\s>]+)/i.exec(tag)?.[1];
      assert.ok(src, `${page}: every <script> has a src (no inline script): ${tag}`);
      assert.ok(!remote(src), `${page}: ${src} is one of ours`);
    }
    assert.doesNotMatch(source, /<script\b[^>]*>\s*[^<\s]/i, `${page}: no inline script body`);
    assert.doesNotMatch(source, /\son[a-z]+\s*=/i, `${page}: no inline event handler`);
    assert.doesNotMatch(source, /javascript:/i, `${page}: no javascript: URL`);
    for (const [, url] of source.matchAll(/\b(?:href|src)\s*=\s*["']?([^"'\s>]+)/gi)) {
      assert.ok(!remote(url), `${page}: ${url} is local`);
    }
  }
});

test("our JavaScript has no eval, no new Function, no string timers and no remote imports", () => {
  const scripts = ofType(".js");
  assert.ok(["pkg/popup.js", "pkg/options.js", "pkg/worker.js"].every((glue) => scripts.includes(glue)), "the wasm glue is checked too");
  for (const file of scripts) {
    const source = text(file);
    assert.doesNotMatch(source, /\beval\b/, `${file}: eval`);
    assert.doesNotMatch(source, /\bnew\s+Function\b/, `${file}: new Function`);
    // `Function(` as a call (a template string like `Function(${name})` in the glue is text).
    assert.doesNotMatch(source, /(^|[^\w$`'".])Function\s*\(/m, `${file}: Function()`);
    assert.doesNotMatch(source, /\bset(?:Timeout|Interval)\s*\(\s*["'`]/, `${file}: a string timer`);
    assert.doesNotMatch(source, /\bimportScripts\s*\(/, `${file}: importScripts`);
    for (const [, spec] of source.matchAll(/\b(?:import|from)\s*\(?\s*["'`]([^"'`]+)["'`]/g)) {
      assert.ok(!remote(spec), `${file}: imports ${spec}`);
    }
  }
});

test("the stylesheets load nothing remote", () => {
  for (const file of ofType(".css")) {
    for (const [, url] of text(file).matchAll(/(?:url\(\s*["']?|@import\s+["'])([^"')\s]+)/g)) {
      assert.ok(!remote(url) || url.startsWith("data:"), `${file}: ${url}`);
    }
  }
});

/** Every file the extension can load, followed from the manifest through pages and imports. */
function reachable() {
  const seen = new Set(["manifest.json"]);
  const queue = [];
  const add = (from, ref) => {
    const clean = ref.split(/[?#]/)[0];
    if (!clean || remote(clean)) return;
    const rel = path.posix.normalize(path.posix.join(path.posix.dirname(from), clean)).replace(/^\/+/, "");
    if (!seen.has(rel)) { seen.add(rel); queue.push(rel); }
  };
  // The manifest: every string value naming a built file (pages, scripts, icons).
  const walk = (value) => {
    if (typeof value === "string") { if (files.includes(value)) add("manifest.json", value); }
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(built);
  // `default_locale`: the browser reads every `_locales/<lang>/messages.json`.
  if (built.default_locale) files.filter((f) => /^_locales\/[^/]+\/messages\.json$/.test(f)).forEach((f) => add("", f));
  while (queue.length) {
    const file = queue.shift();
    if (!files.includes(file)) continue;
    const source = /\.(html|js|css)$/.test(file) ? text(file) : "";
    const refs = file.endsWith(".html")
      ? [...source.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)]
      : file.endsWith(".css")
        ? [...source.matchAll(/(?:url\(\s*["']?|@import\s+["'])([^"')\s]+)/g)]
        : [
          ...source.matchAll(/\b(?:import|from)\s*\(?\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g),
          ...source.matchAll(/new URL\(\s*["'`]([^"'`]+)["'`]\s*,\s*import\.meta\.url/g),
          ...source.matchAll(/getURL\(\s*["'`]([^"'`]+)["'`]/g),
        ];
    for (const [, ref] of refs) add(file, ref);
    // Extension APIs (setIcon, notifications, tabs.create) take paths from the extension's root.
    if (file.endsWith(".js")) {
      for (const [, literal] of source.matchAll(/["'`]\/?([\w@.-]+(?:\/[\w@.-]+)*\.(?:png|html|json|js|css|wasm))["'`]/g)) {
        if (files.includes(literal)) add("", literal);
      }
    }
    // ... and so do the Rust strings compiled into the wasm (e.g. a badge icon's path).
    if (file.endsWith(".wasm")) {
      const binary = readBuilt(file).toString("latin1");
      files.filter((f) => f.includes("/") && binary.includes(f)).forEach((f) => add("", f));
    }
  }
  return seen;
}

test("every file in the built extension is one it loads (nothing left over)", () => {
  const loaded = reachable();
  const unused = files.filter((f) => !loaded.has(f));
  assert.deepEqual(unused, [], `files nothing loads: ${unused.join(", ")}`);
  const missing = [...loaded].filter((f) => !files.includes(f));
  assert.deepEqual(missing, [], `referenced but not built: ${missing.join(", ")}`);
});

test("no source maps, sources, tests or dotfiles are shipped", () => {
  const forbidden = /(\.map|\.svg|\.ts|\.rs|\.md|\.mjs|\.test\.js|\.d\.ts|\.toml|\.lock)$|(^|\/)\.|(^|\/)(tests?|snippets|src|node_modules)\//i;
  const names = [...files, ...zipEntries().map((e) => e.name)];
  assert.deepEqual(names.filter((f) => forbidden.test(f)), []);
  for (const file of ofType(".js")) {
    assert.doesNotMatch(text(file), /sourceMappingURL/, `${file} points to no source map`);
  }
});

test("the zip holds exactly the built extension, byte for byte", () => {
  const entries = zipEntries().filter((e) => !e.name.endsWith("/"));
  assert.deepEqual(entries.map((e) => e.name).sort(), files);
  for (const entry of entries) {
    assert.equal(entry.size, sizeOf(entry.name), `${entry.name}: size`);
    assert.equal(entry.crc, crc32(readBuilt(entry.name)), `${entry.name}: content`);
  }
});
