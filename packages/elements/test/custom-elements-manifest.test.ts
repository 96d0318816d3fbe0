// The Custom Elements Manifest (custom-elements.json, written by scripts/make-custom-elements-manifest.mjs in
// `npm run build`) and the generated element typings (src/element-types.ts) against the live elements.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ELEMENTS } from '../src/registry';
import '../src/define';

// Paths, not URL objects: jsdom's URL is not Node's.
const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifestFile = join(dir, 'custom-elements.json');

interface Attribute { name: string; type?: { text: string }; description?: string; fieldName?: string }
interface Member { kind: 'field' | 'method'; name: string; static?: boolean; description?: string; attribute?: string }
interface Declaration { kind: string; name: string; tagName?: string; customElement?: boolean; attributes?: Attribute[]; members?: Member[]; events?: Array<{ name: string; type?: { text: string } }> }
interface Module { path: string; declarations: Declaration[]; exports: Array<{ kind: string; name: string; declaration: { name: string; module: string } }> }

function readManifest(): { schemaVersion: string; modules: Module[] } {
  if (!existsSync(manifestFile)) throw new Error('packages/elements/custom-elements.json is missing: npm run build writes it (node scripts/make-custom-elements-manifest.mjs)');
  return JSON.parse(readFileSync(manifestFile, 'utf8'));
}

const tags = Object.keys(ELEMENTS) as Array<keyof typeof ELEMENTS>;

describe('custom-elements.json', () => {
  const manifest = readManifest();
  const declarations = manifest.modules.flatMap((m) => m.declarations).filter((d) => d.customElement);
  const byTag = new Map(declarations.map((d) => [d.tagName, d]));

  it('is a schema 2.x manifest that the package points to and ships', () => {
    expect(manifest.schemaVersion).toMatch(/^2\.\d+\.\d+$/);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.customElements).toBe('custom-elements.json');
    expect(pkg.files).toContain('custom-elements.json');
  });

  it('describes exactly the registered elements, each defined by the define module', () => {
    expect([...byTag.keys()].sort()).toEqual([...tags].sort());
    const definitions = manifest.modules.flatMap((m) => m.exports).filter((e) => e.kind === 'custom-element-definition');
    for (const tag of tags) {
      expect(customElements.get(tag)).toBe(ELEMENTS[tag]);
      expect(byTag.get(tag)!.name).toBe(ELEMENTS[tag].name);
      expect(definitions.find((e) => e.name === tag)?.declaration.name).toBe(ELEMENTS[tag].name);
    }
  });

  it.each(tags)('<%s>: every observed attribute is in the manifest, described and typed, and nothing else', (tag) => {
    const attributes = byTag.get(tag)!.attributes ?? [];
    expect(attributes.map((a) => a.name).sort()).toEqual([...ELEMENTS[tag].observedAttributes].sort());
    for (const a of attributes) {
      expect(a.description, `${tag} ${a.name}`).toMatch(/\w/);
      expect(a.type?.text, `${tag} ${a.name}`).toMatch(/\w/);
    }
  });

  it.each(tags)('<%s>: every member in the manifest exists on the element, and whenRendered and the handle getter are there', (tag) => {
    const ctor = ELEMENTS[tag];
    const members = byTag.get(tag)!.members ?? [];
    for (const m of members) expect(m.name in (m.static ? ctor : ctor.prototype), `${tag} ${m.static ? 'static ' : ''}${m.name}`).toBe(true);
    const names = members.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['whenRendered', 'data', 'src', 'eager']));
    const handle = { 'tl-confusion-matrix': 'chart', 'tl-saliency': 'overlay', 'tl-parallel-coordinates': 'chart', 'tl-point-cloud': 'pointCloud', 'tl-embedding-projector': 'projector', 'tl-activation-atlas': 'activationAtlas' }[tag];
    expect(names).toContain(handle);
    // Properties that reflect an attribute name one that exists.
    for (const m of members) if (m.attribute) expect(ctor.observedAttributes).toContain(m.attribute);
  });

  it.each(tags)('<%s>: dispatches tl-render and tl-error, typed', (tag) => {
    const events = byTag.get(tag)!.events ?? [];
    expect(events.map((e) => e.name)).toEqual(expect.arrayContaining(['tl-render', 'tl-error']));
    for (const e of events) expect(e.type?.text).toMatch(/^CustomEvent<.+>$/);
  });
});

describe('src/element-types.ts (the framework typings)', () => {
  const source = readFileSync(join(dir, 'src/element-types.ts'), 'utf8');
  /** The keys of `export interface <name> { … }` in the generated file. */
  const keys = (name: string) => {
    const body = new RegExp(`export interface ${name} \\{\\n([\\s\\S]*?)\\n\\}`).exec(source)?.[1];
    if (body === undefined) throw new Error(`element-types.ts has no interface ${name}: node scripts/make-custom-elements-manifest.mjs writes it`);
    return [...body.matchAll(/^ {2}'?([\w-]+)'?\??:/gm)].map((m) => m[1]);
  };

  it.each(tags)('<%s>: has every observed attribute, and nothing else (else run node scripts/make-custom-elements-manifest.mjs)', (tag) => {
    const ctor = ELEMENTS[tag];
    expect(keys(`${ctor.name}Attributes`).sort()).toEqual([...ctor.observedAttributes].sort());
    expect(source).toContain(`'${tag}': { element: ${ctor.name};`);
  });
});
