#!/usr/bin/env node
// Writes a gzip copy (level 9) beside each text file of dist/ that gzip makes smaller, so that
// `trellis serve` can send the compressed bytes to browsers that accept gzip without compressing
// on every request. Run after `vite build`.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const compressible = new Set([".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".map"]);

const walk = (folder) =>
  readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });

let written = 0;
for (const file of walk(dist)) {
  if (!compressible.has(extname(file))) continue;
  const original = readFileSync(file);
  const gzipped = gzipSync(original, { level: 9 });
  if (gzipped.length >= original.length) continue;
  writeFileSync(`${file}.gz`, gzipped);
  written += 1;
}
console.log(`precompress: wrote ${written} gzip copies in dist/`);
