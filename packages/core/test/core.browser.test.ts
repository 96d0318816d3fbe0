import { describe, it, expect } from 'vitest';
import { el, svgEl, exportPNG, exportSVG, createTooltip, injectTheme, readThemeColor, observeSize, THEME_DARK, THEME_LIGHT, textColorOn } from '../src/index';

async function pixels(blob: Blob) {
  const bmp = await createImageBitmap(blob);
  const c = new OffscreenCanvas(bmp.width, bmp.height);
  const ctx = c.getContext('2d')!;
  ctx.drawImage(bmp, 0, 0);
  return { w: bmp.width, h: bmp.height, at: (x: number, y: number) => [...ctx.getImageData(x, y, 1, 1).data] };
}

describe('exportPNG(source) in Chromium', () => {
  it('rasterises an SVG with a red rect into a PNG whose pixel is red', async () => {
    const svg = svgEl('svg', { width: 20, height: 20 }, document.body);
    svgEl('rect', { width: 20, height: 20, fill: 'red' }, svg);
    const blob = await exportPNG(svg, { scale: 1 });
    expect(blob.type).toBe('image/png');
    const p = await pixels(blob);
    expect([p.w, p.h]).toEqual([20, 20]);
    expect(p.at(10, 10)).toEqual([255, 0, 0, 255]);
    svg.remove();
  });

  it('scales by the scale option and paints the background', async () => {
    const svg = svgEl('svg', { width: 10, height: 10 }, document.body);
    svgEl('rect', { width: 5, height: 10, fill: '#00f' }, svg);
    const p = await pixels(await exportPNG(svg, { scale: 2, background: '#0f0' }));
    expect([p.w, p.h]).toEqual([20, 20]);
    expect(p.at(2, 10)).toEqual([0, 0, 255, 255]);
    expect(p.at(18, 10)).toEqual([0, 255, 0, 255]);
    svg.remove();
  });

  it('resolves theme colours from the page cascade: a var(--tl-accent) fill comes out as its value', async () => {
    injectTheme();
    const root = el('div', { class: 'tl-root', style: '--tl-accent:#ff0000;width:10px;height:10px' }, document.body);
    const svg = svgEl('svg', { width: 10, height: 10 }, root);
    svgEl('rect', { width: 10, height: 10, fill: 'var(--tl-accent)' }, svg);
    const s = exportSVG(svg);
    expect(s).toContain('fill="#ff0000"');
    expect((await pixels(await exportPNG(svg, { scale: 1 }))).at(5, 5)).toEqual([255, 0, 0, 255]);
    root.remove();
  });

  it('inlines stylesheet colours of classed elements, so they survive outside the page', async () => {
    const style = el('style', { text: '.tl-test-mark{fill:rgb(0, 0, 255)}' }, document.head);
    const svg = svgEl('svg', { width: 10, height: 10 }, document.body);
    svgEl('rect', { class: 'tl-test-mark', width: 10, height: 10 }, svg);
    const s = exportSVG(svg);
    expect(s).toMatch(/fill: rgb\(0, 0, 255\)/);
    // rendered as an image, without the page's stylesheet, the rect is still blue
    expect((await pixels(await exportPNG(svg, { scale: 1 }))).at(5, 5)).toEqual([0, 0, 255, 255]);
    style.remove();
    svg.remove();
  });

  it('composites canvas and svg layers of a root element in document order', async () => {
    const root = el('div', { style: 'position:relative;width:20px;height:20px' }, document.body);
    const canvas = el('canvas', { width: 20, height: 20, style: 'position:absolute;left:0;top:0;width:20px;height:20px' }, root);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#00ff00';
    ctx.fillRect(0, 0, 20, 20);
    const svg = svgEl('svg', { width: 10, height: 20, style: 'position:absolute;left:10px;top:0' }, root);
    svgEl('rect', { width: 10, height: 20, fill: '#ff0000' }, svg);
    const p = await pixels(await exportPNG(root, { scale: 1 }));
    expect(p.at(5, 10)).toEqual([0, 255, 0, 255]);
    expect(p.at(15, 10)).toEqual([255, 0, 0, 255]);
    root.remove();
  });
});

describe('exportPNG(root, options) for every component', () => {
  it('draws a WebGL canvas drawn in beforeCapture, without preserveDrawingBuffer', async () => {
    const root = el('div', { style: 'position:relative;width:16px;height:16px' }, document.body);
    const canvas = el('canvas', { width: 16, height: 16, style: 'position:absolute;left:0;top:0;width:16px;height:16px' }, root);
    const gl = canvas.getContext('webgl', { preserveDrawingBuffer: false })!;
    const draw = () => {
      gl.clearColor(0, 0, 1, 1);
      gl.clear(gl.COLOR_BUFFER_BIT);
    };
    draw();
    // let the browser present (and clear) that frame, as happens between a component's frames
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const svg = svgEl('svg', { width: 8, height: 16, style: 'position:absolute;left:8px;top:0' }, root);
    svgEl('rect', { width: 8, height: 16, fill: '#ff0000' }, svg);
    // without the hook the presented buffer reads as cleared (transparent)
    expect((await pixels(await exportPNG(root, { scale: 1 }))).at(3, 8)).toEqual([0, 0, 0, 0]);
    const p = await pixels(await exportPNG(root, { scale: 1, beforeCapture: draw }));
    expect(p.at(3, 8)).toEqual([0, 0, 255, 255]);
    expect(p.at(12, 8)).toEqual([255, 0, 0, 255]);
    root.remove();
  });

  it('draws HTML text elements (.tl-text) in their colour, skips hidden layers, paints the background', async () => {
    const root = el('div', { style: 'position:relative;width:60px;height:30px' }, document.body);
    el('span', { class: 'tl-text', text: '█████', style: 'position:absolute;left:0;top:0;color:#00ff00;font:20px monospace;line-height:20px' }, root);
    const hidden = el('canvas', { width: 60, height: 30, style: 'position:absolute;left:0;top:0;visibility:hidden' }, root);
    const ctx = hidden.getContext('2d')!;
    ctx.fillStyle = '#ff0000';
    ctx.fillRect(0, 0, 60, 30);
    const p = await pixels(await exportPNG(root, { scale: 1, background: '#ffffff' }));
    expect(p.at(5, 10)).toEqual([0, 255, 0, 255]);
    expect(p.at(55, 27)).toEqual([255, 255, 255, 255]);
    const none = await pixels(await exportPNG(root, { scale: 1, background: '#ffffff', text: false }));
    expect(none.at(5, 10)).toEqual([255, 255, 255, 255]);
    root.remove();
  });

  it('keeps canvas pixels sharp with smoothing: false', async () => {
    const root = el('div', { style: 'position:relative;width:20px;height:10px' }, document.body);
    const c = el('canvas', { width: 2, height: 1, style: 'position:absolute;left:0;top:0;width:20px;height:10px' }, root);
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, 1, 1);
    ctx.fillStyle = '#fff';
    ctx.fillRect(1, 0, 1, 1);
    const p = await pixels(await exportPNG(root, { scale: 1, smoothing: false }));
    expect(p.at(9, 5)).toEqual([0, 0, 0, 255]);
    expect(p.at(10, 5)).toEqual([255, 255, 255, 255]);
    root.remove();
  });
});

describe('createTooltip(container) in Chromium', () => {
  it('stays inside the container bounds near every edge', () => {
    injectTheme();
    const c = el('div', { class: 'tl-root', style: 'width:300px;height:200px;position:relative' }, document.body);
    const t = createTooltip(c);
    const box = c.getBoundingClientRect();
    for (const [x, y] of [
      [0, 0],
      [299, 199],
      [295, 5],
      [5, 195],
      [150, 100],
    ]) {
      t.show(x, y, [
        ['predicted', 'a rather long class name'],
        ['true', 'another class'],
      ]);
      const r = t.element.getBoundingClientRect();
      expect(r.width).toBeGreaterThan(50);
      expect(r.left).toBeGreaterThanOrEqual(box.left);
      expect(r.top).toBeGreaterThanOrEqual(box.top);
      expect(r.right).toBeLessThanOrEqual(box.right + 0.5);
      expect(r.bottom).toBeLessThanOrEqual(box.bottom + 0.5);
      // never covers the pointer
      const px = box.left + x;
      const py = box.top + y;
      expect(px >= r.left && px <= r.right && py >= r.top && py <= r.bottom).toBe(false);
    }
    t.destroy();
    c.remove();
  });
});

describe('theme in Chromium', () => {
  it('gives light values by default and dark values under data-theme=dark or an ancestor data-tl-theme=dark', () => {
    injectTheme();
    const light = el('div', { class: 'tl-root', 'data-theme': 'light' }, document.body);
    const dark = el('div', { class: 'tl-root', 'data-theme': 'dark' }, document.body);
    const wrap = el('div', { 'data-tl-theme': 'dark' }, document.body);
    const inner = el('div', { class: 'tl-root' }, wrap);
    expect(readThemeColor(light, '--tl-fg')).toBe(THEME_LIGHT['--tl-fg']);
    expect(readThemeColor(dark, '--tl-fg')).toBe(THEME_DARK['--tl-fg']);
    expect(readThemeColor(inner, '--tl-bg')).toBe(THEME_DARK['--tl-bg']);
    // text of the theme is legible on its background
    expect(textColorOn(THEME_DARK['--tl-bg'])).toBe('#fff');
    expect(getComputedStyle(dark).color).toBe('rgb(230, 237, 243)');
    for (const e of [light, dark, wrap]) e.remove();
  });

  it("lets an ancestor's --tl-* reach the component: tl-confusion-matrix { --tl-accent: … } wins over the defaults", () => {
    injectTheme();
    const s = el('style', { text: 'tl-theme-host{display:block;--tl-accent:#ff0000} .tl-test-dark-host{--tl-fg:#00ff00}' }, document.head);
    const host = document.createElement('tl-theme-host');
    document.body.appendChild(host);
    const root = el('div', { class: 'tl-root' }, host);
    const mark = el('span', { style: 'color:var(--tl-accent)' }, root);
    expect(readThemeColor(root, '--tl-accent')).toBe('#ff0000');
    expect(getComputedStyle(mark).color).toBe('rgb(255, 0, 0)');
    // the other variables keep their defaults
    expect(readThemeColor(root, '--tl-bg')).toBe(THEME_LIGHT['--tl-bg']);
    // inside a data-tl-theme=dark wrapper, a closer ancestor's variable still wins, and the rest is dark
    const wrap = el('div', { 'data-tl-theme': 'dark' }, document.body);
    const inner = el('div', { class: 'tl-test-dark-host' }, wrap);
    const darkRoot = el('div', { class: 'tl-root' }, inner);
    expect(getComputedStyle(darkRoot).color).toBe('rgb(0, 255, 0)');
    expect(readThemeColor(darkRoot, '--tl-bg')).toBe(THEME_DARK['--tl-bg']);
    for (const e of [s, host, wrap]) e.remove();
  });

  it('page styles override theme rules (zero specificity)', () => {
    injectTheme();
    const s = el('style', { text: 'div{--tl-fg:#010203}' }, document.head);
    const r = el('div', { class: 'tl-root' }, document.body);
    expect(readThemeColor(r, '--tl-fg')).toBe('#010203');
    s.remove();
    r.remove();
  });
});

describe('observeSize(el, cb) in Chromium', () => {
  it('reports the content size through ResizeObserver', async () => {
    const d = el('div', { style: 'width:123px;height:45px' }, document.body);
    const sizes: number[][] = [];
    const off = observeSize(d, (w, h) => sizes.push([w, h]));
    await new Promise((r) => setTimeout(r, 100));
    d.style.width = '200px';
    await new Promise((r) => setTimeout(r, 100));
    off();
    expect(sizes).toEqual([
      [123, 45],
      [200, 45],
    ]);
    d.remove();
  });
});
