// The build helpers behind the published files: licence notices of bundled packages (scripts/rollup-licenses.mjs)
// and the checks of a package's contents (scripts/package-contents.mjs).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper without types
import { asciiText, noticeBanner, packageDirOf, packageLicense } from '../../scripts/rollup-licenses.mjs';
// @ts-expect-error plain ESM helper without types
import { bareImports, topLevelThis } from '../../scripts/package-contents.mjs';

const nodeModules = join(__dirname, '../../node_modules');

describe('licence notices of bundled packages', () => {
  it('finds the package folder of a bundled file, scoped packages and nested node_modules included', () => {
    expect(packageDirOf('/r/node_modules/d3-scale/src/linear.js')).toBe('/r/node_modules/d3-scale');
    expect(packageDirOf('/r/node_modules/@scope/pkg/lib/a.js')).toBe('/r/node_modules/@scope/pkg');
    expect(packageDirOf('/r/node_modules/a/node_modules/b/index.js')).toBe('/r/node_modules/a/node_modules/b');
    expect(packageDirOf('/r/packages/core/src/index.ts')).toBeNull();
  });

  it('reads a package licence, its copyright line and its full text', () => {
    const regl = packageLicense(join(nodeModules, 'regl'));
    expect(regl).toMatchObject({ name: 'regl', license: 'MIT', copyright: ['Copyright (c) 2016 Mikola Lysenko'] });
    expect(regl.text).toContain('Permission is hereby granted');
  });

  it('states umap-js as its licence file and sources do (Apache-2.0 and UMAP\'s BSD-3-Clause notice), not its package.json', () => {
    const umap = packageLicense(join(nodeModules, 'umap-js'));
    expect(umap.license).toBe('Apache-2.0 AND BSD-3-Clause');
    expect(umap.copyright.join('\n')).toMatch(/Google LLC[\s\S]*Leland McInnes/);
    expect(umap.text).toContain('Apache License');
    expect(umap.text).toContain('Redistributions in binary form must reproduce the above copyright notice');
  });

  it('writes banners in ASCII: (c) for ©, accents dropped, anything else escaped', () => {
    expect(asciiText('© 2014 Michaël Zasso – ok')).toBe('(c) 2014 Michael Zasso \\u2013 ok');
    const banner = noticeBanner('x.min.js', { name: '@tensorlens/elements', version: '1.0.0', license: 'Apache-2.0', copyright: 'Copyright 2026 A', folder: 'dist' }, [packageLicense(join(nodeModules, 'ml-matrix'))], 'THIRD_PARTY_NOTICES.txt');
    expect(banner.startsWith('/*! x.min.js - @tensorlens/elements 1.0.0 - Apache-2.0')).toBe(true);
    expect(banner).toContain(' *   ml-matrix ');
    expect(banner).toContain('Michael Zasso');
    expect(banner.endsWith('*/')).toBe(true);
    expect(/[^\t\n -~]/.test(banner)).toBe(false);
  });
});

describe('package content checks', () => {
  it('finds `this` outside every function and class body, and only there', () => {
    expect(topLevelThis('this.tensorlens = this.tensorlens || {};')).toHaveLength(2);
    expect(topLevelThis('const f = () => this;')).toHaveLength(1);
    expect(topLevelThis('!function(){ this.x = 1 }(); class A { y = this; m() { return this } }')).toEqual([]);
  });

  it('lists the packages a module imports by bare specifier', () => {
    const code = "import { a } from 'd3-scale';\nimport '@tensorlens/core';\nexport { b } from './chunk-AbCd1234.js';\nconst t = import('@tensorflow/tfjs-core/dist/x');";
    expect(bareImports(code)).toEqual(['d3-scale', '@tensorlens/core', '@tensorflow/tfjs-core']);
    // Text that only looks like an import (a JSDoc example, a string) is none.
    expect(bareImports("/** `import { X } from '@tensorlens/elements'` */\nconst s = \"import 'left-pad'\";")).toEqual([]);
  });
});
