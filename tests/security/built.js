// The built extension as the security tests read it: `dist/extension` (or $PAT_PILOT_EXTENSION,
// as `make` sets it) and the zip beside it, `pat-pilot-<version>.zip` (the Makefile's names).
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const EXTENSION_DIR = path.resolve(process.env.PAT_PILOT_EXTENSION ?? path.join(ROOT, "dist/extension"));

const version = /^version = "(.*)"/m.exec(readFileSync(path.join(ROOT, "Cargo.toml"), "utf8"))?.[1];
export const ZIP = path.join(path.dirname(EXTENSION_DIR), `pat-pilot-${version}.zip`);

export function requireBuilt() {
  for (const file of [path.join(EXTENSION_DIR, "manifest.json"), ZIP]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`make build\` first`);
  }
}

export const manifest = () => JSON.parse(readFileSync(path.join(EXTENSION_DIR, "manifest.json"), "utf8"));

/** Every file of the built folder, as `/`-separated paths relative to it, sorted. */
export function builtFiles(dir = EXTENSION_DIR, prefix = "") {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const rel = prefix + entry.name;
      return entry.isDirectory() ? builtFiles(path.join(dir, entry.name), `${rel}/`) : [rel];
    })
    .sort();
}

export const readBuilt = (rel) => readFileSync(path.join(EXTENSION_DIR, rel));
export const sizeOf = (rel) => statSync(path.join(EXTENSION_DIR, rel)).size;

/**
 * The zip's entries from its central directory: `{ name, size, crc }` (directories included,
 * ending in `/`). Enough of the format for `zip -r` output; no extraction needed.
 */
export function zipEntries(file = ZIP) {
  const zip = readFileSync(file);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file}: no end of central directory`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({
      name: zip.toString("utf8", at + 46, at + 46 + nameLength),
      crc: zip.readUInt32LE(at + 16),
      size: zip.readUInt32LE(at + 24),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
