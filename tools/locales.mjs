// Builds `_locales/<lang>/messages.json` from `locales/<lang>/*.json` (one file per part of the
// extension, so each can be edited on its own) and checks every language has exactly the keys of
// English, with the same placeholders. Usage: node tools/locales.mjs <out-dir>
import { readdir, readFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = process.argv[2];
if (!out) throw new Error("usage: node tools/locales.mjs <out-dir>");

async function load(lang) {
  const dir = path.join(root, "locales", lang);
  const merged = {};
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".json")).sort()) {
    const part = JSON.parse(await readFile(path.join(dir, file), "utf8"));
    for (const [key, value] of Object.entries(part)) {
      if (key in merged) throw new Error(`${lang}/${file}: key ${key} is defined twice`);
      if (typeof value?.message !== "string") throw new Error(`${lang}/${file}: ${key} has no message`);
      merged[key] = value;
    }
  }
  return merged;
}

const placeholders = (m) => [...m.message.matchAll(/\$(\d)/g)].map((x) => x[1]).sort().join(",");
const langs = (await readdir(path.join(root, "locales"))).sort();
const english = await load("en");
const problems = [];
for (const lang of langs) {
  const messages = lang === "en" ? english : await load(lang);
  for (const key of Object.keys(english)) {
    if (!(key in messages)) problems.push(`${lang}: missing ${key}`);
    else if (placeholders(messages[key]) !== placeholders(english[key])) problems.push(`${lang}: ${key} has other placeholders than en`);
  }
  for (const key of Object.keys(messages)) if (!(key in english)) problems.push(`${lang}: ${key} is not in en`);
  await mkdir(path.join(out, lang), { recursive: true });
  // What the browser reads: the message and its placeholders. The descriptions are notes for
  // translators, kept in `locales/`, not shipped.
  const shipped = {};
  for (const [key, { message, placeholders }] of Object.entries(messages)) {
    shipped[key] = placeholders ? { message, placeholders } : { message };
  }
  await writeFile(path.join(out, lang, "messages.json"), JSON.stringify(shipped));
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
