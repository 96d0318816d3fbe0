// The activation atlas file format: a JSON manifest (columnar arrays per level, icon slots as flat
// [page, x, y] triples) beside PNG sprite pages. Written by serializeAtlas, read by parseAtlas / loadAtlas; the
// format is described in docs/activation-atlas-format.md so other pipelines (Python) can write it.
// A manifest is data: it is validated field by field, never evaluated.
import { fail, fetchResource } from '@tensorlens/core';
import { scratch } from './icons';
import { encodePNG, readPNGChunks } from './png';
import type { ActivationAtlas, AtlasLevel, AtlasManifest, AtlasPage, AtlasSprites } from './types';

/** The `format` field of every manifest. */
export const ATLAS_FORMAT = 'tensorlens-activation-atlas';
/** The manifest version this code writes and reads. */
export const ATLAS_FORMAT_VERSION = 1;

/** Options of {@link serializeAtlas}. */
export interface SerializeAtlasOptions {
  /** File name stem: the manifest is `${name}.json`, the pages `${name}-0.png`, … (default 'atlas'). */
  name?: string;
  /** Write each cell's member examples (offsets + members), so a click can select them (default true). */
  includeMembers?: boolean;
  /** Write the [n, 2] layout (default false). */
  includeLayout?: boolean;
}

/** One file of a serialized atlas. */
export interface AtlasFile {
  /** Relative path, e.g. 'atlas.json', 'atlas-0.png'. */
  path: string;
  /** MIME type: 'application/json' or 'image/png'. */
  type: string;
  /** JSON text for the manifest, PNG bytes for a page. */
  data: Uint8Array | string;
}

/** What parseAtlas / loadAtlas return: the atlas (means absent, layout empty unless stored) and its sprites (pages as URLs). */
export interface ParsedAtlas {
  atlas: ActivationAtlas;
  sprites: AtlasSprites;
}

// ---------------------------------------------------------------------------------------------------------
// Writing

/** The shortest decimal that reads back as the same float32 (NaN and ±Infinity as null). */
function f32(v: number): number | null {
  if (!Number.isFinite(v)) return null;
  for (let p = 1; p < 10; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return s;
  }
  return v;
}

/** Pixels of a page that is not in memory, as PNG bytes. */
async function pageBytes(page: AtlasPage, i: number): Promise<Uint8Array> {
  if (page.kind === 'pixels') return encodePNG(page);
  if (page.kind === 'url') {
    const res = await fetchResource(page.url);
    if (!res.ok) throw new Error(`Could not load sprite page ${i} (${page.url}): HTTP ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    try {
      readPNGChunks(bytes);
      return bytes;
    } catch {
      return pageBytes({ kind: 'image', width: page.width, height: page.height, image: await createImageBitmap(new Blob([bytes])) }, i);
    }
  }
  if (page.kind === 'image') {
    const ctx = scratch(page.width, page.height);
    ctx.drawImage(page.image, 0, 0);
    const data = ctx.getImageData(0, 0, page.width, page.height).data;
    return encodePNG({ width: page.width, height: page.height, data });
  }
  throw fail('type', `sprites.pages[${i}]`, "a page of kind 'pixels', 'image' or 'url'", (page as { kind?: unknown })?.kind ?? page);
}

/**
 * Writes an atlas and its sprites as files: `files[0]` is the manifest (`${name}.json`, JSON text), then one PNG
 * per sprite page (`${name}-0.png`, …), paths relative to the manifest. Means are never stored; the layout only
 * with `includeLayout`, members unless `includeMembers` is false. Pages in memory are encoded as PNG here; URL
 * pages are fetched (and kept as they are when they are PNGs).
 */
export async function serializeAtlas(
  atlas: ActivationAtlas,
  sprites: AtlasSprites,
  options: SerializeAtlasOptions = {},
): Promise<{ manifest: AtlasManifest; files: AtlasFile[] }> {
  const { name = 'atlas', includeMembers = true, includeLayout = false } = options ?? {};
  if (typeof name !== 'string' || !/^[\w][\w.-]*$/.test(name)) throw fail('option', 'options.name', 'a file name stem of letters, digits, "_", "-", "." (no slashes)', name);
  if (!atlas || !Array.isArray(atlas.levels)) throw fail('type', 'atlas', 'an ActivationAtlas', atlas);
  if (!sprites || !Array.isArray(sprites.pages) || !Array.isArray(sprites.icons)) throw fail('type', 'sprites', 'AtlasSprites (from packAtlasIcons or parseAtlas)', sprites);
  if (sprites.icons.length !== atlas.levels.length) throw fail('length', 'sprites.icons', `${atlas.levels.length} slot tables (one per level)`, `${sprites.icons.length}`);
  const pagePath = (i: number) => `${name}-${i}.png`;
  const manifest = {
    format: ATLAS_FORMAT,
    version: ATLAS_FORMAT_VERSION,
    n: atlas.n,
    d: atlas.d,
    bounds: Array.from(atlas.bounds),
    classNames: atlas.classNames ?? null,
    numClasses: atlas.numClasses,
    scoreKind: atlas.scoreKind,
    topK: atlas.topK,
    examplesPerCell: atlas.examplesPerCell,
    levels: atlas.levels.map((L, l) => ({
      grid: L.grid,
      cellCount: L.cellCount,
      cells: Array.from(L.cells),
      counts: Array.from(L.counts),
      topClasses: Array.from(L.topClasses),
      topScores: Array.from(L.topScores, f32),
      examples: Array.from(L.examples),
      icons: Array.from(sprites.icons[l]),
      ...(includeMembers ? { offsets: Array.from(L.offsets), members: Array.from(L.members) } : {}),
      dropped: L.dropped,
    })),
    ...(includeLayout && atlas.layout?.length ? { layout: Array.from(atlas.layout, f32) } : {}),
    sprites: {
      iconSize: sprites.iconSize,
      pageSize: sprites.pageSize,
      thumbSize: sprites.thumbSize,
      pages: sprites.pages.map((p, i) => ({ path: pagePath(i), width: p.width, height: p.height })),
      thumbIds: Array.from(sprites.thumbIds),
      thumbSlots: Array.from(sprites.thumbSlots),
      missing: Array.from(sprites.missing),
    },
  } satisfies AtlasManifest;
  // Check what is written with the reader, so a file this writes always reads back.
  parseAtlas(manifest);
  const files: AtlasFile[] = [{ path: `${name}.json`, type: 'application/json', data: JSON.stringify(manifest) }];
  for (let i = 0; i < sprites.pages.length; i++) files.push({ path: pagePath(i), type: 'image/png', data: await pageBytes(sprites.pages[i], i) });
  return { manifest, files };
}

// ---------------------------------------------------------------------------------------------------------
// Reading

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function integer(v: unknown, name: string, min: number, max = 2 ** 31 - 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw fail('type', name, 'an integer', v);
  if (v < min || v > max) throw fail('range', name, `an integer in ${min}..${max}`, v);
  return v;
}

/** A JSON array of integers in min..max, read into `T`; `len` (when given) is checked with `what` explaining it. */
function ints<T extends Int32Array | Uint32Array>(
  Type: { new (n: number): T },
  v: unknown,
  name: string,
  min: number,
  max: number,
  len?: number,
  what?: string,
): T {
  if (!Array.isArray(v)) throw fail('type', name, 'an array of integers', v);
  if (len !== undefined && v.length !== len) throw fail('length', name, `${len} values (${what})`, `${v.length}`);
  const out = new Type(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isInteger(x)) throw fail('type', `${name}[${i}]`, 'an integer', x);
    if (x < min || x > max) throw fail('range', `${name}[${i}]`, `an integer in ${min}..${max}`, x);
    out[i] = x;
  }
  return out;
}

/** A JSON array of numbers (null = NaN when `nulls`), read into a Float32Array (or a Float64Array). */
function floats(v: unknown, name: string, len: number, what: string, nulls: boolean, Type: typeof Float32Array | typeof Float64Array = Float32Array): Float32Array | Float64Array {
  if (!Array.isArray(v)) throw fail('type', name, 'an array of numbers', v);
  if (v.length !== len) throw fail('length', name, `${len} values (${what})`, `${v.length}`);
  const out = new Type(len);
  for (let i = 0; i < len; i++) {
    const x = v[i];
    if (x === null && nulls) out[i] = NaN;
    else if (typeof x !== 'number' || !Number.isFinite(x)) throw fail(typeof x === 'number' ? 'nan' : 'type', `${name}[${i}]`, nulls ? 'a finite number or null' : 'a finite number', x);
    else out[i] = x;
  }
  return out;
}

/** Resolves a page path against the manifest's URL; only relative paths, http(s), data: and blob: URLs are accepted. */
function pageUrl(path: unknown, name: string, baseUrl: string | undefined): string {
  if (typeof path !== 'string' || !path) throw fail('type', name, 'a relative path or URL of a PNG', path);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(path)?.[1]?.toLowerCase();
  if (scheme && !['http', 'https', 'data', 'blob'].includes(scheme)) throw fail('option', name, 'a relative path, or an http(s), data: or blob: URL', path);
  if (!baseUrl) return path;
  try {
    return new URL(path, baseUrl).href;
  } catch {
    throw fail('option', name, `a path that resolves against ${baseUrl}`, path);
  }
}

/** Checks a flat [page, x, y] slot table against the pages. */
function slots(v: unknown, name: string, count: number, what: string, size: number, pages: { width: number; height: number }[], allowMissing: boolean): Int32Array {
  const t = ints(Int32Array, v, name, allowMissing ? -1 : 0, 2 ** 31 - 1, count * 3, what);
  for (let i = 0; i < count; i++) {
    const [p, x, y] = t.subarray(i * 3, i * 3 + 3);
    if (p === -1) continue;
    if (p >= pages.length) throw fail('range', `${name}[${i * 3}]`, `a page index in ${allowMissing ? '-1' : '0'}..${pages.length - 1} (sprites.pages has ${pages.length})`, p);
    const pg = pages[p];
    if (x + size > pg.width || y + size > pg.height) {
      throw fail('range', `${name}[${i * 3 + 1}..${i * 3 + 2}]`, `a ${size} px slot inside page ${p} (${pg.width} × ${pg.height})`, `x ${x}, y ${y}`);
    }
  }
  return t;
}

/**
 * Reads an atlas manifest (JSON text or the parsed object) into an atlas and its sprites, validating every field:
 * errors are TensorLensErrors naming the field (e.g. `manifest.levels[1].topClasses`) and what it should hold.
 * Sprite pages come back as `{kind: 'url'}`, resolved against `baseUrl` (the manifest's own URL) when given.
 * Means are not stored in files (`means` is null); the layout is empty unless the file has one; members are
 * empty (offsets all 0) when the file left them out.
 */
export function parseAtlas(manifest: unknown, baseUrl?: string): ParsedAtlas {
  let m = manifest;
  if (typeof m === 'string') {
    try {
      m = JSON.parse(m);
    } catch (e) {
      throw fail('parse', 'manifest', 'JSON text', (e as Error).message);
    }
  }
  if (!isObj(m)) throw fail('type', 'manifest', 'a JSON object (an activation atlas manifest)', m);
  if (m.format !== ATLAS_FORMAT) throw fail('type', 'manifest.format', `"${ATLAS_FORMAT}"`, m.format);
  if (m.version !== ATLAS_FORMAT_VERSION) throw fail('range', 'manifest.version', `${ATLAS_FORMAT_VERSION} (the version this tensorlens reads)`, m.version);
  const n = integer(m.n, 'manifest.n', 0);
  const d = m.d === undefined ? 0 : integer(m.d, 'manifest.d', 0);
  const b = floats(m.bounds, 'manifest.bounds', 4, '[x0, y0, x1, y1]', false, Float64Array);
  if (!(b[2] > b[0] && b[3] > b[1])) throw fail('range', 'manifest.bounds', 'x1 > x0 and y1 > y0', `[${Array.from(b)}]`);
  let classNames: string[] | null = null;
  if (m.classNames != null) {
    if (!Array.isArray(m.classNames)) throw fail('type', 'manifest.classNames', 'an array of strings or null', m.classNames);
    classNames = m.classNames.map((s, i) => {
      if (typeof s !== 'string') throw fail('type', `manifest.classNames[${i}]`, 'a string', s);
      return s;
    });
  }
  const topK = m.topK === undefined ? 0 : integer(m.topK, 'manifest.topK', 0, 64);
  const E = m.examplesPerCell === undefined ? 0 : integer(m.examplesPerCell, 'manifest.examplesPerCell', 0, 1024);
  const scoreKind = m.scoreKind === undefined && topK === 0 ? 'none' : m.scoreKind;
  if (scoreKind !== 'attribution' && scoreKind !== 'labels' && scoreKind !== 'none') {
    throw fail('option', 'manifest.scoreKind', '"attribution", "labels" or "none"', scoreKind);
  }

  // Sprites first: the levels' icon slots are checked against the pages.
  const sp = m.sprites;
  if (!isObj(sp)) throw fail('type', 'manifest.sprites', 'an object {iconSize, pages, …}', sp);
  const iconSize = integer(sp.iconSize, 'manifest.sprites.iconSize', 1, 4096);
  if (!Array.isArray(sp.pages)) throw fail('type', 'manifest.sprites.pages', 'an array of {path, width, height}', sp.pages);
  const pages = sp.pages.map((p, i): AtlasPage => {
    const name = `manifest.sprites.pages[${i}]`;
    if (!isObj(p)) throw fail('type', name, 'an object {path, width, height}', p);
    return {
      kind: 'url',
      url: pageUrl(p.path, `${name}.path`, baseUrl),
      width: integer(p.width, `${name}.width`, 1, 16384),
      height: integer(p.height, `${name}.height`, 1, 16384),
    };
  });
  const biggest = Math.max(iconSize, ...pages.map((p) => Math.max(p.width, p.height)));
  const pageSize = sp.pageSize === undefined ? biggest : integer(sp.pageSize, 'manifest.sprites.pageSize', biggest, 16384);
  const thumbSize = sp.thumbSize === undefined ? iconSize : integer(sp.thumbSize, 'manifest.sprites.thumbSize', 1, iconSize);
  const thumbIds = sp.thumbIds === undefined ? new Int32Array(0) : ints(Int32Array, sp.thumbIds, 'manifest.sprites.thumbIds', 0, n - 1);
  for (let i = 1; i < thumbIds.length; i++) {
    if (thumbIds[i] <= thumbIds[i - 1]) throw fail('range', `manifest.sprites.thumbIds[${i}]`, `ascending, distinct ids (> ${thumbIds[i - 1]})`, thumbIds[i]);
  }
  const thumbSlots =
    sp.thumbSlots === undefined && !thumbIds.length
      ? new Int32Array(0)
      : slots(sp.thumbSlots, 'manifest.sprites.thumbSlots', thumbIds.length, `thumbIds.length ${thumbIds.length} × 3`, thumbSize, pages, false);
  const missing = sp.missing === undefined ? new Int32Array(0) : ints(Int32Array, sp.missing, 'manifest.sprites.missing', 0, n - 1);

  if (!Array.isArray(m.levels) || !m.levels.length) throw fail(Array.isArray(m.levels) ? 'empty' : 'type', 'manifest.levels', 'an array of at least one level', m.levels);
  let maxClass = -1;
  const icons: Int32Array[] = [];
  const levels = m.levels.map((L, l): AtlasLevel => {
    const name = `manifest.levels[${l}]`;
    if (!isObj(L)) throw fail('type', name, 'an object {grid, cells, counts, …}', L);
    const grid = integer(L.grid, `${name}.grid`, 1, 1024);
    const cells = ints(Uint32Array, L.cells, `${name}.cells`, 0, grid * grid - 1);
    const cellCount = L.cellCount === undefined ? cells.length : integer(L.cellCount, `${name}.cellCount`, 0);
    if (cells.length !== cellCount) throw fail('length', `${name}.cells`, `${cellCount} values (cellCount)`, `${cells.length}`);
    for (let i = 1; i < cellCount; i++) {
      if (cells[i] <= cells[i - 1]) throw fail('range', `${name}.cells[${i}]`, `ascending, distinct grid indices (> ${cells[i - 1]})`, cells[i]);
    }
    const counts = ints(Uint32Array, L.counts, `${name}.counts`, 0, n, cellCount, 'cellCount');
    let total = 0;
    for (const c of counts) total += c;
    if (total > n) throw fail('range', `${name}.counts`, `counts summing to at most n (${n})`, `a sum of ${total}`);
    const k = `cellCount ${cellCount} × topK ${topK}`;
    const topClasses = L.topClasses === undefined && !topK ? new Int32Array(0) : ints(Int32Array, L.topClasses, `${name}.topClasses`, -1, 2 ** 31 - 1, cellCount * topK, k);
    for (const c of topClasses) maxClass = Math.max(maxClass, c);
    const topScores = L.topScores === undefined && !topK ? new Float32Array(0) : (floats(L.topScores, `${name}.topScores`, cellCount * topK, k, true) as Float32Array);
    const examples =
      L.examples === undefined && !E ? new Int32Array(0) : ints(Int32Array, L.examples, `${name}.examples`, -1, n - 1, cellCount * E, `cellCount ${cellCount} × examplesPerCell ${E}`);
    let offsets = new Uint32Array(cellCount + 1);
    let members = new Uint32Array(0);
    if (L.offsets !== undefined || L.members !== undefined) {
      offsets = ints(Uint32Array, L.offsets, `${name}.offsets`, 0, 2 ** 32 - 1, cellCount + 1, 'cellCount + 1');
      members = ints(Uint32Array, L.members, `${name}.members`, 0, n - 1);
      if (offsets[0] !== 0) throw fail('range', `${name}.offsets[0]`, '0', offsets[0]);
      for (let i = 0; i < cellCount; i++) {
        if (offsets[i + 1] < offsets[i]) throw fail('range', `${name}.offsets[${i + 1}]`, `≥ ${offsets[i]} (offsets never decrease)`, offsets[i + 1]);
        if (offsets[i + 1] - offsets[i] !== counts[i]) throw fail('length', `${name}.members`, `${counts[i]} members in cell ${i} (counts[${i}])`, `${offsets[i + 1] - offsets[i]}`);
      }
      if (offsets[cellCount] !== members.length) throw fail('length', `${name}.members`, `${offsets[cellCount]} values (offsets[${cellCount}])`, `${members.length}`);
    }
    const dropped = L.dropped === undefined ? 0 : integer(L.dropped, `${name}.dropped`, 0, n);
    icons.push(slots(L.icons, `${name}.icons`, cellCount, `cellCount ${cellCount} × 3`, iconSize, pages, true));
    return { grid, cellCount, cells, counts, means: null, topClasses, topScores, examples, offsets, members, dropped };
  });
  const numClasses = m.numClasses === undefined ? (classNames?.length ?? maxClass + 1) : integer(m.numClasses, 'manifest.numClasses', 0);
  if (maxClass >= numClasses) throw fail('range', 'manifest.levels[…].topClasses', `class ids below numClasses (${numClasses})`, maxClass);
  if (classNames && classNames.length !== numClasses) throw fail('length', 'manifest.classNames', `${numClasses} names (numClasses)`, `${classNames.length}`);
  const layout = m.layout === undefined ? new Float32Array(0) : (floats(m.layout, 'manifest.layout', n * 2, `n ${n} × 2`, false) as Float32Array);
  const atlas: ActivationAtlas = {
    n,
    d,
    bounds: [b[0], b[1], b[2], b[3]],
    layout,
    classNames,
    numClasses,
    scoreKind,
    topK,
    examplesPerCell: E,
    levels,
  };
  const sprites: AtlasSprites = { iconSize, pageSize, pages, icons, thumbIds, thumbSlots, thumbSize, missing };
  return { atlas, sprites };
}

/**
 * Fetches an atlas manifest and parses it ({@link parseAtlas}) with page URLs resolved against the manifest's
 * URL (a relative `url` resolves against the document). Pages are not fetched: the renderer loads them.
 * Rejects with an Error for HTTP or network failures, TensorLensError for a bad manifest, AbortError on abort.
 */
export async function loadAtlas(url: string, options: { signal?: AbortSignal; fetch?: typeof fetch } = {}): Promise<ParsedAtlas> {
  if (typeof url !== 'string' || !url) throw fail('type', 'url', 'the URL of an atlas manifest (atlas.json)', url);
  const base = typeof document !== 'undefined' ? document.baseURI : undefined;
  let href = url;
  try {
    href = new URL(url, base).href;
  } catch {
    // keep it as given (Node without a base: fetch decides)
  }
  const f = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await fetchResource(href, { signal: options.signal }, f);
  } catch (e) {
    if ((e as { name?: string })?.name === 'AbortError') throw e;
    throw new Error(`Could not load ${href}: ${(e as Error)?.message ?? String(e)}`);
  }
  if (!res.ok) throw new Error(`Could not load ${href}: HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''}`);
  const text = await res.text();
  return parseAtlas(text, res.url || href);
}
