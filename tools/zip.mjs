// Packs a folder into a zip for the stores, as small as deflate allows: each file is deflated
// with Zopfli (`@gfx/zopfli`: the same deflate format every unzip reads, about 5% smaller than
// `zip -9` on the wasm modules) and stored as it is when that is not smaller (the PNGs). Entries
// are sorted and dated 1980-01-01 with fixed permissions, so the same files make the same zip.
// Usage: node tools/zip.mjs <folder> <out.zip>
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { crc32 } from "node:zlib";
import zopfli from "@gfx/zopfli";

const [folder, out] = process.argv.slice(2);
if (!folder || !out) throw new Error("usage: node tools/zip.mjs <folder> <out.zip>");
const deflate = promisify(zopfli.deflate);
// More iterations buy a few hundred bytes for many seconds.
const ITERATIONS = 5;

const files = readdirSync(folder, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => path.relative(folder, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join("/"))
  .sort();

const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01, the format's first day
const UNIX_FILE = 0o100644 << 16; // a regular file, rw-r--r--, in the external attributes
const locals = [];
const centrals = [];
let offset = 0;
for (const name of files) {
  if (!/^[\x20-\x7e]+$/.test(name)) throw new Error(`${name}: not a plain ASCII name`);
  const data = readFileSync(path.join(folder, name));
  const deflated = Buffer.from(await deflate(data, { numiterations: ITERATIONS }));
  const stored = deflated.length >= data.length;
  const body = stored ? data : deflated;
  const nameBytes = Buffer.from(name, "ascii");
  // The fields a local header and its central directory entry share, from "version needed".
  const common = Buffer.alloc(26);
  common.writeUInt16LE(20, 0); // version needed: 2.0 (deflate)
  common.writeUInt16LE(0, 2); // flags
  common.writeUInt16LE(stored ? 0 : 8, 4); // method
  common.writeUInt16LE(0, 6); // time
  common.writeUInt16LE(DOS_DATE, 8);
  common.writeUInt32LE(crc32(data), 10);
  common.writeUInt32LE(body.length, 14);
  common.writeUInt32LE(data.length, 18);
  common.writeUInt16LE(nameBytes.length, 22);
  common.writeUInt16LE(0, 24); // extra field length
  const local = Buffer.concat([u32(0x04034b50), common, nameBytes, body]);
  const central = Buffer.concat([
    u32(0x02014b50),
    u16((3 << 8) | 20), // made by: Unix, 2.0 (so the external attributes are Unix modes)
    common,
    u16(0), // comment length
    u16(0), // disk
    u16(0), // internal attributes
    u32(UNIX_FILE),
    u32(offset),
    nameBytes,
  ]);
  locals.push(local);
  centrals.push(central);
  offset += local.length;
}
const directory = Buffer.concat(centrals);
const end = Buffer.concat([
  u32(0x06054b50),
  u16(0), // this disk
  u16(0), // the directory's disk
  u16(files.length),
  u16(files.length),
  u32(directory.length),
  u32(offset),
  u16(0), // comment length
]);
writeFileSync(out, Buffer.concat([...locals, directory, end]));

function u16(n) {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function u32(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}
