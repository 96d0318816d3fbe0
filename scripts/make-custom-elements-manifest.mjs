// Describes the custom elements of @tensorlens/elements from the elements themselves, in two files:
//
// - packages/elements/custom-elements.json: the Custom Elements Manifest (schema 2.1), shipped in the package and
//   named by its "customElements" field, for editors, Storybook and documentation tools;
// - packages/elements/src/element-types.ts: the attributes, settable properties and events of every element as
//   TypeScript interfaces, on which the React, Vue and Svelte typings (src/react.ts, vue.ts, svelte.ts) are built.
//
// Two sources, each for what only it knows:
// - The live classes. The element sources are bundled with esbuild and imported in Node (their base class is a
//   plain class there), and registered through defineElements() into a recording registry: the tags, each
//   element's observedAttributes, and for each attribute its spec (kind, option, parse, default). These lists are
//   computed when the module runs (spreads of Object.keys over the attribute tables), so running them is the one
//   way to get exactly what a browser observes.
// - The TypeScript sources, through the compiler API: JSDoc descriptions, the types of properties, method
//   signatures, the options each attribute sets (with their JSDoc and types) and the events each element
//   dispatches (`this.fire('tl-…', detail)`, with the detail's type). The compiled JavaScript has none of these.
//
// `npm run build` runs this before rollup. `--check` writes nothing and exits 1 when either file is not what
// would be written.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { root, sourceAliases } from './workspace.mjs';

const ELEMENTS_DIR = join(root, 'packages/elements');
const SRC = join(ELEMENTS_DIR, 'src');
const MANIFEST = join(ELEMENTS_DIR, 'custom-elements.json');
const TYPES = join(SRC, 'element-types.ts');
/** The shipped module that exports every element class, and the one that registers them. */
const INDEX_MODULE = 'dist/index.js';
const DEFINE_MODULE = 'dist/define.js';

/**
 * Attributes that are not in an element's option table (they choose the data, or belong to the base class),
 * by name: what the attribute means wherever it appears, and the values it takes. An observed attribute that is
 * neither in its element's table nor here stops the build, so a new one cannot go undescribed.
 */
const DATA_ATTRIBUTES = {
  src: { type: 'string', description: 'URL of the data (relative URLs resolve against the page); a new value loads the new file and aborts a pending request. The element\'s description lists the formats.' },
  eager: { type: 'boolean', description: 'Start at once instead of when the element comes within 200 px of the viewport.' },
  selection: { type: 'string', description: 'The name of a page-wide selection: elements with the same name share the selected rows (core\'s `namedSelection(name)`).' },
  format: { kind: ['tsv', 'csv', 'json', 'arrow'], description: 'Format of the `src` file. Default: from the file extension, then the content type and the first bytes.' },
  config: { type: 'string', description: "URL of TensorBoard's `projector_config.pbtxt` (or the standalone projector's JSON config), instead of `src`: its embeddings with their metadata, sprites and bookmarks, and a picker between them. Paths in it resolve against its URL." },
  'metadata-src': { type: 'string', description: 'URL of a metadata file (one row per vector: labels, classes…), beside the vectors of `src`.' },
  fields: { kind: 'list', description: 'Comma-separated columns of a `src` table that hold the vector (default: every numeric column).' },
  'metadata-fields': { kind: 'list', description: 'Comma-separated columns of the metadata to keep (default: all).' },
  'image-src': { type: 'string', description: 'URL of the picture under the map (PNG, JPEG…); overrides the image in the JSON.' },
  encoding: { kind: ['diverging', 'grayscale'], description: 'How a PNG map is read: `diverging` (128 is zero, 255 is +1, 0 is −1) or `grayscale` (0…1). Default `diverging`.' },
  label: { type: 'string', description: 'Name of a PNG map (shown above it). Default "attribution".' },
};

/** Where an attribute's value type cannot be read from its option's type (the parser takes more words). */
const ATTRIBUTE_TYPE_OVERRIDES = {
  'tl-confusion-matrix': { 'top-k': "number | 'all'" },
  'tl-embedding-projector': { 'url-state': 'boolean | string' },
};

/** Events of the base class: what they mean for every element. */
const BASE_EVENT_DESCRIPTIONS = {
  'tl-render': 'The current data and options are on screen (also after each change).',
  'tl-error': 'Loading or drawing failed: the message is also shown in the element (role="alert") and whenRendered() rejects.',
};

/** Members every custom element has for the browser's sake, not for users. */
const LIFECYCLE = new Set(['constructor', 'connectedCallback', 'disconnectedCallback', 'adoptedCallback', 'attributeChangedCallback', 'observedAttributes', 'prototype']);

const camelCase = (name) => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
const fail = (message) => {
  throw new Error(`make-custom-elements-manifest: ${message}`);
};

// ---------------------------------------------------------------------------------------------------------------
// The live classes

/** Bundles the element sources (and core's theme) for Node, imports them and registers every element. */
async function liveElements() {
  const aliases = sourceAliases();
  const outfile = join(root, 'node_modules/.cache/tensorlens/elements-live.mjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await esbuild.build({
    stdin: {
      contents: `export * from ${JSON.stringify(join(SRC, 'index.ts'))};\nexport { THEME_LIGHT, THEME_DARK } from ${JSON.stringify(join(root, 'packages/core/src/theme.ts'))};`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    plugins: [
      {
        name: 'workspace-sources',
        setup(build) {
          // Our packages from their sources; every other package stays an import (node_modules).
          build.onResolve({ filter: /^[^./]/ }, (args) => (aliases[args.path] ? { path: aliases[args.path] } : { path: args.path, external: true }));
        },
      },
    ],
  });
  const live = await import(`${pathToFileURL(outfile).href}?${Date.now()}`);
  const registered = [];
  live.defineElements({ get: () => undefined, define: (tag, ctor) => registered.push({ tag, ctor }) });
  if (!registered.length) fail('defineElements() registered no element');
  return {
    theme: { light: live.THEME_LIGHT, dark: live.THEME_DARK },
    confusionAttributes: live.OPTION_ATTRIBUTES,
    elements: registered.map(({ tag, ctor }) => {
      const instance = new ctor();
      return {
        tag,
        className: ctor.name,
        observedAttributes: [...ctor.observedAttributes],
        sourceAttributes: [...instance.sourceAttributes],
        optionSpecs: instance.optionSpecs,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The TypeScript sources

function createProgram() {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')) });
  return ts.createProgram({ rootNames: [join(SRC, 'index.ts')], options: { ...config.options, types: [], noEmit: true } });
}

/**
 * The tag a class declares: `static get tagName() { return 'tl-…'; }` (a getter, not a static field, so that
 * the class stays free of side effects when compiled for older targets and a bundler can drop it when unused),
 * or `static tagName = 'tl-…'`. Null when the class declares none.
 */
function staticTagName(classNode) {
  for (const m of classNode.members) {
    if (m.name?.getText() !== 'tagName' || !m.modifiers?.some((mod) => mod.kind === ts.SyntaxKind.StaticKeyword)) continue;
    if (ts.isPropertyDeclaration(m) && m.initializer && ts.isStringLiteral(m.initializer)) return m.initializer.text;
    const only = ts.isGetAccessorDeclaration(m) && m.body?.statements.length === 1 ? m.body.statements[0] : null;
    if (only && ts.isReturnStatement(only) && only.expression && ts.isStringLiteral(only.expression)) return only.expression.text;
  }
  return null;
}

/** One element's classes and types, read with the checker. */
class SourceReader {
  constructor(program) {
    this.program = program;
    this.checker = program.getTypeChecker();
    this.classes = new Map();
    for (const file of program.getSourceFiles()) {
      if (!file.fileName.startsWith(SRC)) continue;
      for (const statement of file.statements) {
        if (!ts.isClassDeclaration(statement) || !statement.name) continue;
        this.classes.set(statement.name.text, { node: statement, tag: staticTagName(statement) });
      }
    }
  }

  doc(symbol) {
    const text = symbol ? ts.displayPartsToString(symbol.getDocumentationComment(this.checker)).trim() : '';
    // {@link Name} and {@link Name | text} as the code they name.
    return text.replace(/\{@link(?:code|plain)?\s+([^}|\s]+)\s*(?:\|\s*([^}]*?))?\s*\}/g, (_, name, label) => (label ? label : `\`${name}\``));
  }

  /** TypeScript text for a type, with typed arrays written without their buffer argument (as in the sources). */
  text(type) {
    const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType;
    return this.checker.typeToString(type, undefined, flags).replace(/\b((?:Float|Int|Uint|BigInt|BigUint)\d+(?:Clamped)?Array)<ArrayBufferLike>/g, '$1');
  }

  /** The named types `type` refers to (interfaces, classes, aliases), for the imports of element-types.ts. */
  namedTypes(type, out = new Set(), seen = new Set()) {
    if (seen.has(type)) return out;
    seen.add(type);
    const { checker } = this;
    if (type.aliasSymbol) {
      out.add(type.aliasSymbol);
      for (const t of type.aliasTypeArguments ?? []) this.namedTypes(t, out, seen);
      return out;
    }
    if (type.isUnionOrIntersection()) {
      for (const t of type.types) this.namedTypes(t, out, seen);
      return out;
    }
    if (!(type.flags & ts.TypeFlags.Object)) return out;
    if (type.objectFlags & ts.ObjectFlags.Reference) {
      if (!(type.target.objectFlags & ts.ObjectFlags.Tuple)) out.add(type.target.symbol);
      for (const t of checker.getTypeArguments(type)) this.namedTypes(t, out, seen);
      return out;
    }
    if (type.objectFlags & (ts.ObjectFlags.Class | ts.ObjectFlags.Interface)) {
      out.add(type.symbol);
      return out;
    }
    for (const p of checker.getPropertiesOfType(type)) this.namedTypes(checker.getTypeOfSymbol(p), out, seen);
    for (const s of checker.getSignaturesOfType(type, ts.SignatureKind.Call)) {
      for (const p of s.getParameters()) this.namedTypes(checker.getTypeOfSymbol(p), out, seen);
      this.namedTypes(s.getReturnType(), out, seen);
    }
    return out;
  }

  /** The module element-types.ts imports `symbol` from: './<file>' in elements, '@tensorlens/<pkg>' elsewhere; null for globals. */
  importOf(symbol) {
    const file = symbol.declarations?.[0]?.getSourceFile();
    if (!file || this.program.isSourceFileDefaultLibrary(file) || file.fileName.includes('/node_modules/typescript/')) return null;
    const exported = (moduleFile) => {
      const moduleSymbol = this.checker.getSymbolAtLocation(moduleFile);
      return !!moduleSymbol && this.checker.getExportsOfModule(moduleSymbol).some((s) => s.name === symbol.name);
    };
    if (file.fileName.startsWith(SRC)) {
      if (!exported(file)) fail(`${symbol.name} (${relative(root, file.fileName)}) is used by an element's properties or events but not exported`);
      return `./${relative(SRC, file.fileName).replace(/\.ts$/, '')}`;
    }
    const pkg = /\/packages\/([^/]+)\/src\//.exec(file.fileName)?.[1];
    const index = pkg && this.program.getSourceFile(join(root, 'packages', pkg, 'src/index.ts'));
    if (!index || !exported(index)) fail(`${symbol.name} (${relative(root, file.fileName)}) is used by an element's properties or events but not exported from @tensorlens/${pkg}`);
    return `@tensorlens/${pkg}`;
  }
}

/** `null | false | true | X` → `X | boolean | null`: a union's parts as the sources write them. */
function unionText(parts) {
  let out = [...new Set(parts)];
  if (out.includes('false') && out.includes('true')) out = out.filter((p) => p !== 'false' && p !== 'true').concat('boolean');
  const last = ['undefined', 'null'].filter((p) => out.includes(p));
  return out.filter((p) => !last.includes(p)).concat(last).join(' | ');
}

/** The manifest's summary of a JSDoc text: its first paragraph, on one line. */
function summaryOf(text) {
  return text.split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();
}

/** "Default 4 (CSS pixels)." → "4": the default a JSDoc states, when it is one plain value. */
function defaultFromDoc(text) {
  const m = /\bDefault:?\s+('[^']*'|"[^"]*"|-?\d+(?:\.\d+)?|true|false|null)(?=[\s.,;:)]|$)/.exec(text);
  return m ? m[1].replace(/^"(.*)"$/, "'$1'") : undefined;
}

/** The value type of an attribute (as a TypeScript type of what its text means: literals, number, boolean, string). */
function kindType(kind) {
  if (Array.isArray(kind)) return kind.map((word) => `'${word}'`).join(' | ');
  if (kind === 'number' || kind === 'integer') return 'number';
  if (kind === 'boolean') return 'boolean';
  return 'string';
}

/** What an attribute that is read with its own parser can say, from the type of the option (or property) it sets. */
function typeFromOption(reader, type) {
  const { checker } = reader;
  const parts = [];
  const members = type.isUnion() ? type.types : [type];
  let sawBoolean = false;
  for (const t of members) {
    if (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) continue;
    if (t.flags & ts.TypeFlags.BooleanLiteral) {
      if (!sawBoolean) parts.push('boolean');
      sawBoolean = true;
    } else if (t.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral | ts.TypeFlags.String | ts.TypeFlags.Number)) parts.push(reader.text(t));
    else if (t.flags & ts.TypeFlags.Object && checker.isArrayType(t)) parts.push('string');
  }
  const unique = [...new Set(parts)];
  // A plain string next to its own literals says nothing more than string.
  return unique.includes('string') ? 'string' : unique.join(' | ') || 'string';
}

// ---------------------------------------------------------------------------------------------------------------
// One element

function describeElement(reader, live, liveInfo) {
  const { checker } = reader;
  const entry = [...reader.classes.entries()].find(([, c]) => c.tag === live.tag);
  if (!entry) fail(`no class with a static tagName '${live.tag}' (a getter returning it, or a field) in packages/elements/src`);
  const [className, { node }] = entry;
  const classSymbol = checker.getSymbolAtLocation(node.name);
  const instanceType = checker.getDeclaredTypeOfSymbol(classSymbol);
  const staticType = checker.getTypeOfSymbol(classSymbol);
  const doc = reader.doc(classSymbol);

  // The base class (TlElement<H, D>): its type parameters mapped to this element's arguments.
  const baseType = checker.getBaseTypes(instanceType)[0];
  const baseName = baseType.symbol.name;
  const typeArguments = checker.getTypeArguments(baseType);
  const typeParameters = baseType.target.typeParameters ?? [];
  const instantiate = (type) => {
    const i = typeParameters.indexOf(type);
    return i >= 0 ? typeArguments[i] : type;
  };
  const handleType = typeArguments[0];
  const isElementSource = (decl) => decl?.getSourceFile().fileName.startsWith(SRC);
  const inherited = (decl) => (decl.parent !== node ? { name: decl.parent.name.text, module: INDEX_MODULE } : undefined);
  const isPublic = (decl) => !(ts.getCombinedModifierFlags(decl) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) && !ts.isPrivateIdentifier(decl.name);

  // --- members: public fields (accessors, properties) and methods, instance and static
  const members = [];
  const settable = []; // { name, type, description }: what a framework may set
  const typesUsed = new Set();
  const addMembers = (type, isStatic) => {
    for (const p of checker.getPropertiesOfType(type)) {
      const decls = p.declarations ?? [];
      const decl = decls[0];
      if (!isElementSource(decl) || LIFECYCLE.has(p.name) || !isPublic(decl)) continue;
      const description = reader.doc(p);
      const base = { name: p.name, ...(isStatic ? { static: true } : {}), ...(description ? { description } : {}) };
      const from = inherited(decl);
      if (ts.isMethodDeclaration(decl)) {
        const signature = checker.getSignaturesOfType(checker.getTypeOfSymbol(p), ts.SignatureKind.Call)[0];
        members.push({
          kind: 'method',
          ...base,
          parameters: signature.getParameters().map((q) => ({ name: q.name, type: { text: reader.text(checker.getTypeOfSymbol(q)) } })),
          return: { type: { text: reader.text(signature.getReturnType()) } },
          ...(from ? { inheritedFrom: from } : {}),
        });
        continue;
      }
      const setter = decls.find(ts.isSetAccessorDeclaration);
      const readonly = ts.isGetAccessorDeclaration(decl) ? !setter : ts.isPropertyDeclaration(decl) && !!(ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Readonly);
      const field = { kind: 'field', ...base, type: { text: reader.text(checker.getTypeOfSymbol(p)) }, ...(readonly ? { readonly: true } : {}), ...(from ? { inheritedFrom: from } : {}) };
      if (ts.isPropertyDeclaration(decl) && decl.initializer && (ts.isStringLiteral(decl.initializer) || ts.isNumericLiteral(decl.initializer))) field.default = decl.initializer.getText();
      else if (isStatic && p.name === 'tagName' && ts.isClassDeclaration(decl.parent) && staticTagName(decl.parent)) field.default = `'${staticTagName(decl.parent)}'`;
      members.push(field);
      if (!readonly && !isStatic) {
        // The type a setter takes (it may be wider than the getter's: `selection` takes a name too).
        const declared = setter ? checker.getTypeAtLocation(setter.parameters[0]) : checker.getTypeOfSymbol(p);
        const parts = declared.isUnion() ? declared.types.map(instantiate) : [instantiate(declared)];
        for (const t of parts) reader.namedTypes(t, typesUsed);
        const text = unionText(parts.map((t) => reader.text(t)));
        settable.push({ name: p.name, type: text, description });
      }
    }
  };
  addMembers(instanceType, false);
  addMembers(staticType, true);

  // --- attributes: the live observedAttributes, in order
  const options = (() => {
    const update = handleType && checker.getPropertyOfType(handleType, 'update');
    const signature = update && checker.getSignaturesOfType(checker.getTypeOfSymbol(update), ts.SignatureKind.Call)[0];
    return signature ? checker.getTypeOfSymbol(signature.getParameters()[0]) : null;
  })();
  const confusion = live.tag === 'tl-confusion-matrix' ? liveInfo.confusionAttributes : null;
  const fieldFor = { src: 'src', eager: 'eager', selection: 'selection' };
  const attributes = live.observedAttributes.map((name) => {
    const spec = live.optionSpecs[name];
    const override = ATTRIBUTE_TYPE_OVERRIDES[live.tag]?.[name];
    if (!spec) {
      const known = DATA_ATTRIBUTES[name];
      if (!known) fail(`<${live.tag}> observes "${name}", which is neither in its option table nor in DATA_ATTRIBUTES (scripts/make-custom-elements-manifest.mjs): describe it there`);
      return { name, type: { text: override ?? known.type ?? kindType(known.kind) }, description: known.description, ...(fieldFor[name] ? { fieldName: fieldFor[name] } : {}) };
    }
    const optionName = confusion ? confusion[name].option ?? confusion[name].prop : spec.option ?? camelCase(name);
    const optionSymbol = options && checker.getPropertyOfType(options, optionName);
    const prop = confusion?.[name]?.prop;
    const propSymbol = prop && checker.getPropertyOfType(instanceType, prop);
    let description = reader.doc(propSymbol) || reader.doc(optionSymbol);
    if (!description) fail(`<${live.tag}> attribute "${name}": its option "${optionName}" has no JSDoc to describe it`);
    if (!propSymbol) description = `Sets the \`${optionName}\` option: ${description}`;
    let type;
    if (override) type = override;
    else if (propSymbol) type = typeFromOption(reader, checker.getTypeOfSymbol(propSymbol));
    else if (spec.parse && optionSymbol) type = typeFromOption(reader, checker.getTypeOfSymbol(optionSymbol));
    else type = kindType(spec.kind);
    const fallback = confusion ? confusion[name].default : undefined;
    const dflt = fallback !== undefined && fallback !== null && fallback !== '' ? JSON.stringify(fallback).replace(/^"(.*)"$/, "'$1'") : defaultFromDoc(description);
    return { name, type: { text: type }, description, ...(dflt !== undefined ? { default: dflt } : {}), ...(prop ? { fieldName: prop } : {}) };
  });
  for (const a of attributes) {
    const field = members.find((m) => m.kind === 'field' && !m.static && m.name === a.fieldName);
    if (!field) continue;
    field.attribute = a.name;
    field.reflects = true;
    // A property without JSDoc of its own says what its attribute says.
    if (!field.description) field.description = a.description;
    const prop = settable.find((p) => p.name === a.fieldName);
    if (prop && !prop.description) prop.description = a.description;
  }

  // --- events: every `this.fire('tl-…', detail)` in the class and its base class
  const events = new Map();
  const eventMap = (() => {
    // ComponentHandle<O, E> among the handle's base interfaces: its event map E, for the descriptions of forwarded events.
    const queue = handleType ? [handleType] : [];
    while (queue.length) {
      const t = queue.shift();
      if (t.symbol?.name === 'ComponentHandle' && t.objectFlags & ts.ObjectFlags.Reference) return checker.getTypeArguments(t)[1];
      if (t.isClassOrInterface() || t.objectFlags & ts.ObjectFlags.Reference) queue.push(...(checker.getBaseTypes(t.target ?? t) ?? []));
    }
    return null;
  })();
  const scan = (classNode) => {
    const visit = (n) => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.expression.kind === ts.SyntaxKind.ThisKeyword && n.expression.name.text === 'fire') {
        const [nameArg, detailArg] = n.arguments;
        if (!nameArg || !ts.isStringLiteral(nameArg)) fail(`${className}: this.fire() with a name that is not a string literal`);
        let detailType;
        if (n.typeArguments?.length) detailType = checker.getTypeFromTypeNode(n.typeArguments[0]);
        else if (ts.isCallExpression(detailArg) && ts.isPropertyAccessExpression(detailArg.expression) && detailArg.expression.expression.kind === ts.SyntaxKind.ThisKeyword) {
          // this.renderDetail(handle): what this element's override returns.
          const method = checker.getPropertyOfType(instanceType, detailArg.expression.name.text);
          detailType = checker.getSignaturesOfType(checker.getTypeOfSymbol(method), ts.SignatureKind.Call)[0].getReturnType();
        } else detailType = checker.getTypeAtLocation(detailArg);
        // Forwarded from the component: `handle.on('select', (d) => this.fire('tl-select', d))`.
        const arrow = ts.findAncestor(n, ts.isArrowFunction);
        const onCall = arrow?.parent;
        let description = BASE_EVENT_DESCRIPTIONS[nameArg.text] ?? '';
        if (onCall && ts.isCallExpression(onCall) && ts.isPropertyAccessExpression(onCall.expression) && onCall.expression.name.text === 'on' && ts.isStringLiteral(onCall.arguments[0])) {
          const componentEvent = onCall.arguments[0].text;
          const named = detailType.aliasSymbol ?? (detailType.symbol?.name.startsWith('__') ? null : detailType.symbol);
          const eventDoc = (eventMap && reader.doc(checker.getPropertyOfType(eventMap, componentEvent))) || reader.doc(named);
          description = eventDoc || `The component's \`${componentEvent}\` event.`;
        }
        const e = events.get(nameArg.text) ?? { name: nameArg.text, types: [], descriptions: [] };
        e.types.push(detailType);
        if (description && !e.descriptions.includes(description)) e.descriptions.push(description);
        events.set(nameArg.text, e);
      }
      ts.forEachChild(n, visit);
    };
    visit(classNode);
  };
  scan(node);
  const baseNode = baseType.symbol.declarations[0];
  if (isElementSource(baseNode)) scan(baseNode);
  const eventList = [...events.values()].map((e) => {
    const texts = [...new Set(e.types.map((t) => reader.text(t)))];
    for (const t of e.types) reader.namedTypes(t, typesUsed);
    return { name: e.name, type: { text: `CustomEvent<${texts.join(' | ')}>` }, description: e.descriptions.join(' ') || `Dispatched as ${e.name}.` };
  });

  const declaration = {
    kind: 'class',
    customElement: true,
    tagName: live.tag,
    name: className,
    summary: summaryOf(doc),
    description: doc,
    superclass: { name: baseName, module: INDEX_MODULE },
    attributes,
    members,
    events: eventList,
    cssProperties: Object.entries(liveInfo.theme.light).map(([name, value]) => ({
      name,
      default: value,
      description: `Theme value (light ${value}${liveInfo.theme.dark[name] ? `, dark ${liveInfo.theme.dark[name]}` : ''}); set it on the element or any ancestor.`,
    })),
  };
  return { declaration, settable, typesUsed, attributes, events: eventList };
}

// ---------------------------------------------------------------------------------------------------------------
// Output

/** JSDoc comment lines for generated TypeScript. */
function comment(text, indent = '  ') {
  if (!text) return '';
  const lines = text.replace(/\*\//g, '*\\/').split('\n');
  return lines.length === 1 ? `${indent}/** ${lines[0]} */\n` : `${indent}/**\n${lines.map((l) => `${indent} *${l ? ` ${l}` : ''}`).join('\n')}\n${indent} */\n`;
}

/** An attribute's type in a template: numbers may be written as text, booleans as "true"/"false". */
function templateType(text) {
  return text
    .split(' | ')
    .flatMap((part) => (part === 'number' ? ['number', '`${number}`'] : part === 'boolean' ? ['boolean', "'true'", "'false'"] : [part]))
    .join(' | ');
}

const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);

function typesFile(reader, described) {
  const imports = new Map(); // module → Set(names)
  const addImport = (from, name) => {
    if (!imports.has(from)) imports.set(from, new Set());
    imports.get(from).add(name);
  };
  for (const d of described) {
    addImport(reader.importOf(reader.checker.getSymbolAtLocation(reader.classes.get(d.declaration.name).node.name)), d.declaration.name);
    for (const symbol of d.typesUsed) {
      const from = reader.importOf(symbol);
      if (from) addImport(from, symbol.name);
    }
  }
  const sortedImports = [...imports.entries()].sort(([a], [b]) => (a.startsWith('.') === b.startsWith('.') ? a.localeCompare(b) : a.startsWith('.') ? 1 : -1));
  let out =
    '// Generated by scripts/make-custom-elements-manifest.mjs (npm run build) from the element classes: do not edit.\n' +
    '// The attributes, settable properties and events of every tensorlens element, for the framework typings\n' +
    '// (react.ts, vue.ts, svelte.ts) and for anyone typing another framework\'s templates.\n' +
    sortedImports.map(([from, names]) => `import type { ${[...names].sort().join(', ')} } from '${from}';\n`).join('') +
    '\n';
  for (const d of described) {
    const { name, tagName } = d.declaration;
    out += `/** Attributes of \`<${tagName}>\`, with the values a template may give them (numbers and booleans also as text). */\n`;
    out += `export interface ${name}Attributes {\n`;
    for (const a of d.attributes) out += comment(a.description) + `  ${key(a.name)}?: ${templateType(a.type.text)};\n`;
    out += '}\n\n';
    out += `/** Properties of \`<${tagName}>\` that can be set, with the types their setters take. */\n`;
    out += `export interface ${name}Properties {\n`;
    for (const p of d.settable) out += comment(p.description) + `  ${key(p.name)}?: ${p.type};\n`;
    out += '}\n\n';
    out += `/** Events of \`<${tagName}>\` (bubbling, composed \`CustomEvent\`s). */\n`;
    out += `export interface ${name}Events {\n`;
    for (const e of d.events) out += comment(e.description) + `  ${key(e.name)}: ${e.type.text};\n`;
    out += '}\n\n';
  }
  out += '/** Every tensorlens element by tag: its class, attributes, settable properties and events. */\n';
  out += 'export interface TlElementTypes {\n';
  for (const d of described) {
    const { name, tagName } = d.declaration;
    out += `  '${tagName}': { element: ${name}; attributes: ${name}Attributes; properties: ${name}Properties; events: ${name}Events };\n`;
  }
  out += '}\n';
  return out;
}

function manifestFile(described) {
  const manifest = {
    schemaVersion: '2.1.0',
    readme: 'README.md',
    modules: [
      {
        kind: 'javascript-module',
        path: INDEX_MODULE,
        description: 'The element classes, without side effects (defineElements() registers them).',
        declarations: described.map((d) => d.declaration),
        exports: described.map((d) => ({ kind: 'js', name: d.declaration.name, declaration: { name: d.declaration.name, module: INDEX_MODULE } })),
      },
      {
        kind: 'javascript-module',
        path: DEFINE_MODULE,
        description: 'Registers every element (import \'@tensorlens/elements/define\').',
        declarations: [],
        exports: described.map((d) => ({ kind: 'custom-element-definition', name: d.declaration.tagName, declaration: { name: d.declaration.name, module: INDEX_MODULE } })),
      },
    ],
  };
  return JSON.stringify(manifest, null, 2) + '\n';
}

async function main() {
  const check = process.argv.includes('--check');
  const t0 = Date.now();
  const [liveInfo, program] = await Promise.all([liveElements(), Promise.resolve().then(createProgram)]);
  const reader = new SourceReader(program);
  const described = liveInfo.elements.map((live) => describeElement(reader, live, liveInfo));
  const outputs = [
    [MANIFEST, manifestFile(described)],
    [TYPES, typesFile(reader, described)],
  ];
  let stale = false;
  for (const [file, text] of outputs) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (current === text) continue;
    if (check) {
      stale = true;
      console.error(`${relative(root, file)} is not up to date: run node scripts/make-custom-elements-manifest.mjs`);
    } else writeFileSync(file, text);
  }
  const counts = described.map((d) => `${d.declaration.tagName} (${d.attributes.length} attributes, ${d.events.length} events)`).join(', ');
  console.log(`custom elements: ${counts} — ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (stale) process.exit(1);
}

await main();
