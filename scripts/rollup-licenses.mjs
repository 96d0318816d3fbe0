// Licence notices of the third-party code a bundle carries. A rollup plugin records which node_modules
// packages end up in each output chunk (modules rollup bundled, and those esbuild bundled into inlined
// workers: rollup-inline-worker.mjs reports them in the module's meta), then
//  - prepends a `/*! … */` banner to every chunk that carries third-party code: each package with its
//    version, licence and copyright line (minifiers keep `/*!` comments), and
//  - writes THIRD_PARTY_NOTICES.txt beside the output: every such package of every bundle of that folder with
//    its full licence text, so the notices ship with the package (files: ["dist"]).
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { root } from './workspace.mjs';

/**
 * Where a package's own metadata is incomplete or contradicts its licence file, the facts as its files state
 * them. umap-js 1.4.0 declares "MIT" in package.json, but its LICENSE file is the Apache License 2.0, its
 * sources carry Google's Apache header, and it ports Leland McInnes's UMAP under a BSD-3-Clause notice
 * that its sources reproduce (src/umap.ts, second @license block).
 */
const CORRECTIONS = {
  'umap-js': {
    license: 'Apache-2.0 AND BSD-3-Clause',
    copyright: ['Copyright 2019 Google LLC', 'Copyright (c) 2017, Leland McInnes (UMAP, BSD-3-Clause)'],
    extraTexts: (dir) => licenseBlocks(join(dir, 'src/umap.ts')).filter((b) => b.includes('BSD 3-Clause')),
  },
};

/** The `@license` comment blocks of a source file, as plain text. */
function licenseBlocks(file) {
  if (!existsSync(file)) return [];
  const blocks = readFileSync(file, 'utf8').match(/\/\*\*?\s*\n?\s*\*\s*@license[\s\S]*?\*\//g) ?? [];
  return blocks.map((b) =>
    b
      .replace(/^\/\*\*?|\*\/$/g, '')
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .filter((l) => l.trim() !== '@license')
      .join('\n')
      .trim(),
  );
}

/** The package directory that holds `file` (a path inside node_modules), or null for our own sources. */
export function packageDirOf(file) {
  const parts = file.split(sep);
  const i = parts.lastIndexOf('node_modules');
  if (i < 0) return null;
  const n = parts[i + 1]?.startsWith('@') ? 2 : 1;
  return parts.slice(0, i + 1 + n).join(sep);
}

const infoCache = new Map();

/** `{ name, version, license, copyright: string[], text }` of the package in `dir`. */
export function packageLicense(dir) {
  let info = infoCache.get(dir);
  if (info) return info;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const fix = CORRECTIONS[pkg.name] ?? {};
  const licenseFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  if (!licenseFile) throw new Error(`${pkg.name}: no LICENSE file in ${relative(root, dir)}; add its licence text to CORRECTIONS in scripts/rollup-licenses.mjs`);
  const text = readFileSync(join(dir, licenseFile), 'utf8').trim();
  const license = fix.license ?? (typeof pkg.license === 'string' ? pkg.license : pkg.license?.type);
  if (!license) throw new Error(`${pkg.name}: no "license" in its package.json`);
  const copyright = fix.copyright ?? copyrightLines(text, pkg);
  const extra = fix.extraTexts?.(dir) ?? [];
  info = { name: pkg.name, version: pkg.version, license, copyright, text: [text, ...extra].join('\n\n') };
  infoCache.set(dir, info);
  return info;
}

/** The licence text's copyright lines ("Copyright (c) 2016 Mikola Lysenko"), else one from package.json's author. */
function copyrightLines(text, pkg) {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^(copyright\s*(\(c\)|©|\d{4})|\(c\)\s*\d{4}|©)/i.test(l) && !/\[yyyy\]|<year>/i.test(l));
  if (lines.length) return [...new Set(lines)];
  const author = typeof pkg.author === 'string' ? pkg.author.replace(/\s*[<(].*$/, '') : pkg.author?.name;
  return author ? [`Copyright ${author}`] : [];
}

/** Text safe in an ASCII-only file: (c) for ©, accents dropped (Michaël → Michael), anything else as \uXXXX. */
export function asciiText(s) {
  return s
    .replace(/©/g, '(c)')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\t\n\r -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The banner of a chunk that carries the packages `infos` (sorted by name). */
export function noticeBanner(file, product, infos, noticesFile) {
  const lines = [
    `/*! ${file} - ${product.name} ${product.version} - ${product.license} - ${product.copyright}`,
    ` * Includes third-party code under these licences (full texts: ${noticesFile} in ${product.name}/${product.folder}):`,
    ...infos.map((p) => ` *   ${p.name} ${p.version} - ${p.license} - ${p.copyright.join('; ') || 'no copyright line'}`),
    ' */',
  ];
  return asciiText(lines.join('\n'));
}

// Folder → Map(package dir → Set(files that include it)), over every build of this rollup run (one config per
// script file writes into the same dist/), so THIRD_PARTY_NOTICES.txt lists the union.
const perFolder = new Map();

/**
 * Rollup plugin. `product`: the package being built ({ name, version, license, copyright, folder }).
 * Fails the build when a bundled package has no licence file or licence field.
 */
export function thirdPartyNotices({ product, noticesFile = 'THIRD_PARTY_NOTICES.txt' }) {
  const packagesOfChunk = (ctx, chunk) => {
    const dirs = new Set();
    for (const [id, m] of Object.entries(chunk.modules)) {
      if (m.renderedLength === 0) continue;
      const dir = packageDirOf(id.replace(/^\0/, '').replace(/\?.*$/, ''));
      if (dir) dirs.add(dir);
      for (const d of ctx.getModuleInfo(id)?.meta?.tensorlensWorkerPackages ?? []) dirs.add(d);
    }
    return [...dirs].map((d) => [d, packageLicense(d)]).sort((a, b) => a[1].name.localeCompare(b[1].name));
  };
  return {
    name: 'tensorlens-third-party-notices',
    banner(chunk) {
      const found = packagesOfChunk(this, chunk);
      if (!found.length) return '';
      return noticeBanner(chunk.fileName, product, found.map(([, info]) => info), noticesFile);
    },
    writeBundle(options, bundle) {
      const folder = options.dir ?? dirname(options.file);
      let packages = perFolder.get(folder);
      if (!packages) perFolder.set(folder, (packages = new Map()));
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const [dir] of packagesOfChunk(this, chunk)) {
          if (!packages.has(dir)) packages.set(dir, new Set());
          packages.get(dir).add(basename(chunk.fileName));
        }
      }
      if (packages.size) writeFileSync(join(folder, noticesFile), noticesText(product, packages));
    },
  };
}

/** THIRD_PARTY_NOTICES.txt: one section per package, with the files that include it and its licence text. */
function noticesText(product, packages) {
  const entries = [...packages].map(([dir, files]) => ({ ...packageLicense(dir), files: [...files].sort() }));
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const rule = '-'.repeat(78);
  return [
    `Third-party software included in ${product.name}`,
    '',
    `The files of ${product.folder}/ named below include code of these packages, each under its own licence,`,
    `reproduced here. ${product.name} itself is ${product.license}: ${product.copyright} (LICENSE).`,
    '',
    ...entries.flatMap((p) => [
      rule,
      `${p.name} ${p.version}`,
      `License: ${p.license}`,
      ...p.copyright,
      `Included in: ${p.files.join(', ')}`,
      '',
      p.text,
      '',
    ]),
  ].join('\n');
}
