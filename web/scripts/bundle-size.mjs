#!/usr/bin/env node
// Measures what the browser downloads for the first page: the entry chunk, the chunks it imports
// statically, and their CSS, gzipped (level 9, as servers and CDNs typically send them). Reads
// Vite's manifest (dist/.vite/manifest.json).
//
//   node scripts/bundle-size.mjs            prints a Markdown table (used by bench/run.sh)
//   node scripts/bundle-size.mjs --check    also fails when the first load is over the budget
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 250; // gzip, JavaScript and CSS of the first page
const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8"));

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const raw = (file) => readFileSync(join(dist, file)).length;
const kb = (bytes) => (bytes / 1024).toFixed(1);

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (!entryKey) throw new Error("no entry in the Vite manifest");

// A chunk and everything it imports statically; dynamic imports are left for later.
const closure = (keys) => {
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of manifest[key].imports ?? []) visit(dep);
  };
  keys.forEach(visit);
  return seen;
};

const sum = (list, f) => list.reduce((total, file) => total + f(file), 0);
const filesOf = (keys) => {
  const js = new Set();
  const css = new Set();
  for (const key of keys) {
    js.add(manifest[key].file);
    for (const file of manifest[key].css ?? []) css.add(file);
  }
  return { js: [...js], css: [...css] };
};

// What a first visit downloads: the app shell (entry) plus the lazily loaded page it lands on.
// Signed out, that is the sign-in page; signed in, the home page.
const shell = closure([entryKey]);
const landings = [
  ["Sign-in page", "src/auth/SignIn.tsx"],
  ["Home page", "src/app/Home.tsx"],
];

console.log("| First load | JS files | JS gzip KB | CSS gzip KB | Total gzip KB | Total raw KB |");
console.log("|---|---:|---:|---:|---:|---:|");
let worst = 0;
const row = (label, keys) => {
  const { js, css } = filesOf(keys);
  const total = sum(js, gz) + sum(css, gz);
  worst = Math.max(worst, total);
  console.log(
    `| ${label} | ${js.length} | ${kb(sum(js, gz))} | ${kb(sum(css, gz))} | **${kb(total)}** | ${kb(sum(js, raw) + sum(css, raw))} |`,
  );
};
row("App shell (entry chunk and its imports)", shell);
for (const [label, src] of landings) {
  if (!manifest[src]) throw new Error(`${src} is not in the Vite manifest`);
  row(`${label} (shell + page)`, closure([entryKey, src]));
}

const loadedFirst = closure([entryKey, ...landings.map(([, src]) => src)]);
const lazy = Object.entries(manifest)
  .filter(([key, chunk]) => !loadedFirst.has(key) && chunk.file.endsWith(".js"))
  .map(([key, chunk]) => ({ name: chunk.name ?? key, file: chunk.file, gz: gz(chunk.file) }))
  .sort((a, b) => b.gz - a.gz);
console.log();
console.log(
  `Loaded on demand: ${lazy.length} more chunks, ${kb(lazy.reduce((t, c) => t + c.gz, 0))} KB gzip in all. The largest:`,
);
console.log();
for (const c of lazy.slice(0, 3)) console.log(`- \`${c.name}\`: ${kb(c.gz)} KB`);
console.log();
console.log(`Budget for a first load: ${BUDGET_KB} KB gzip (JavaScript and CSS).`);

if (process.argv.includes("--check") && worst > BUDGET_KB * 1024) {
  console.error(`bundle-size: a first load is ${kb(worst)} KB gzip, over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
