import { describe, it, expect, vi } from 'vitest';
import { el, svgEl, setAttrs, observeSize, pixelRatio, Lifecycle, SVG_NS, injectTheme, readThemeColor, themeAt, onThemeChange, THEME_CSS, THEME_LIGHT, THEME_DARK, createTooltip, exportSVG } from '../src/index';

describe('el(tag, attrs, parent) and svgEl(tag, attrs, parent)', () => {
  it('create elements with attributes and text, appended to a parent', () => {
    const root = el('div', { class: 'tl-root', 'data-x': 3, hidden: true, title: null, draggable: false });
    const p = el('p', { text: '<b>not html</b>' }, root);
    expect(root.getAttribute('data-x')).toBe('3');
    expect(root.hasAttribute('hidden')).toBe(true);
    expect(root.hasAttribute('title')).toBe(false);
    expect(root.hasAttribute('draggable')).toBe(false);
    expect(p.parentNode).toBe(root);
    expect(p.textContent).toBe('<b>not html</b>');
    expect(p.children.length).toBe(0);
  });
  it('svgEl uses the SVG namespace', () => {
    const svg = svgEl('svg', { width: 10 });
    const r = svgEl('rect', { x: 1 }, svg);
    expect(svg.namespaceURI).toBe(SVG_NS);
    expect(r.namespaceURI).toBe(SVG_NS);
    expect(r.getAttribute('x')).toBe('1');
    expect(setAttrs(r, { y: 2 })).toBe(r);
  });
});

describe('pixelRatio()', () => {
  it('is devicePixelRatio or 1', () => {
    expect(pixelRatio()).toBe(window.devicePixelRatio || 1);
  });
});

describe('observeSize(el, cb, lifecycle)', () => {
  it('falls back to window resize without ResizeObserver, and stops on destroy', async () => {
    const RO = globalThis.ResizeObserver;
    // jsdom has no ResizeObserver; make sure of it for this test
    (globalThis as { ResizeObserver?: unknown }).ResizeObserver = undefined;
    try {
      const div = el('div', {}, document.body);
      Object.defineProperty(div, 'clientWidth', { configurable: true, get: () => w });
      let w = 100;
      const cb = vi.fn();
      const lc = new Lifecycle(() => {});
      observeSize(div, cb, lc);
      await Promise.resolve();
      expect(cb).toHaveBeenCalledTimes(1);
      expect(cb).toHaveBeenLastCalledWith(100, 0);
      window.dispatchEvent(new Event('resize'));
      expect(cb).toHaveBeenCalledTimes(1); // same size: skipped
      w = 200;
      window.dispatchEvent(new Event('resize'));
      expect(cb).toHaveBeenLastCalledWith(200, 0);
      lc.destroy();
      w = 300;
      window.dispatchEvent(new Event('resize'));
      expect(cb).toHaveBeenCalledTimes(2);
    } finally {
      (globalThis as { ResizeObserver?: unknown }).ResizeObserver = RO;
    }
  });

  it('uses ResizeObserver when there is one and disconnects on unsubscribe', () => {
    const observe = vi.fn();
    const disconnect = vi.fn();
    let fire: (es: Array<{ contentRect: { width: number; height: number } }>) => void = () => {};
    const RO = globalThis.ResizeObserver;
    globalThis.ResizeObserver = class {
      constructor(f: typeof fire) {
        fire = f;
      }
      observe = observe;
      disconnect = disconnect;
      unobserve() {}
    } as unknown as typeof ResizeObserver;
    try {
      const cb = vi.fn();
      const div = el('div');
      const off = observeSize(div, cb);
      expect(observe).toHaveBeenCalledWith(div);
      fire([{ contentRect: { width: 5, height: 6 } }]);
      expect(cb).toHaveBeenCalledWith(5, 6);
      off();
      expect(disconnect).toHaveBeenCalled();
      fire([{ contentRect: { width: 7, height: 6 } }]);
      expect(cb).toHaveBeenCalledTimes(1);
    } finally {
      globalThis.ResizeObserver = RO;
    }
  });
});

/** What injectTheme returns in jsdom, which has no adoptedStyleSheets: the <style> element. */
const styleElement = (sheet: CSSStyleSheet | HTMLStyleElement) => sheet as HTMLStyleElement;

describe('injectTheme(root)', () => {
  it('inserts one <style data-tl-theme> however often it is called (jsdom has no adoptedStyleSheets)', () => {
    const a = injectTheme();
    const b = injectTheme(document);
    expect(a).toBe(b);
    expect(document.querySelectorAll('style[data-tl-theme]').length).toBe(1);
    expect(styleElement(a).parentNode).toBe(document.head);
  });
  it('gives every --tl-* property a light and a dark default (prefers-color-scheme, data-tl-theme, data-theme), in zero-specificity rules', () => {
    const names = ['--tl-fg', '--tl-bg', '--tl-muted', '--tl-accent', '--tl-grid', '--tl-font', '--tl-font-size', '--tl-focus', '--tl-tooltip-bg', '--tl-tooltip-fg'];
    expect(Object.keys(THEME_LIGHT)).toEqual(names);
    for (const v of names) {
      const key = v.slice(5);
      // the value in use on a component root: the page's property, else the default chosen by a marker, else the light (or, in the media query, dark) one
      expect(THEME_CSS).toContain(`--_tl-${key}:var(${v},var(--_tl-default-${key},${THEME_LIGHT[v]}))`);
      expect(THEME_CSS).toContain(`--_tl-${key}:var(${v},var(--_tl-default-${key},${THEME_DARK[v] ?? THEME_LIGHT[v]}))`);
      expect(THEME_CSS).toContain(`--_tl-default-${key}:${THEME_LIGHT[v]}`);
      expect(THEME_CSS).toContain(`--_tl-default-${key}:${THEME_DARK[v] ?? THEME_LIGHT[v]}`);
    }
    expect(THEME_CSS).toContain('@media (prefers-color-scheme:dark){:where(.tl-root,.tl-tooltip){');
    // the component's own theme option comes after (and so wins over) an ancestor's data-tl-theme on the same element
    expect(THEME_CSS.indexOf(':where(.tl-root[data-theme=dark])')).toBeGreaterThan(THEME_CSS.indexOf(':where([data-tl-theme=light])'));
    const selectors = THEME_CSS.replace(/@media[^{]*\{/, '').match(/(^|})([^{}@]+)\{/g)!.map((s) => s.replace(/^}/, '').slice(0, -1));
    for (const s of selectors) for (const part of s.split(/,(?![^(]*\))/)) expect(part.startsWith(':where('), s).toBe(true);
  });
  it('never declares a documented --tl-* property, so the page\'s value (element, ancestor or :root) always reaches the component', () => {
    expect(THEME_CSS).not.toMatch(/(^|[;{])--tl-[\w-]+:/);
  });
  it('goes into a shadow root when given one', () => {
    const host = el('div', {}, document.body);
    const shadow = host.attachShadow({ mode: 'open' });
    const s = injectTheme(shadow);
    expect(styleElement(s).parentNode).toBe(shadow);
    expect(injectTheme(shadow)).toBe(s);
  });
  it('finds the document or shadow root of any node, and the owner document of a detached one', () => {
    const host = el('div', {}, document.body);
    const shadow = host.attachShadow({ mode: 'open' });
    const inside = el('div', {}, shadow as unknown as HTMLElement);
    expect(styleElement(injectTheme(inside)).parentNode).toBe(shadow);
    const detached = document.createElement('div');
    expect(styleElement(injectTheme(detached)).parentNode).toBe(document.head);
    expect(styleElement(injectTheme(el('span', {}, detached))).parentNode).toBe(document.head);
  });
});

describe('readThemeColor(el, name) and themeAt(el)', () => {
  it("reads the page's value (inline or inherited), else the default of the theme in force", () => {
    const d = el('div', {}, document.body);
    d.style.setProperty('--tl-fg', '#123456');
    expect(readThemeColor(d, '--tl-fg')).toBe('#123456');
    expect(readThemeColor(el('div', {}, document.body), '--tl-accent')).toBe(THEME_LIGHT['--tl-accent']);
    expect(readThemeColor(el('div', {}, document.body), '--tl-font')).toBe(THEME_LIGHT['--tl-font']);
    d.remove();
  });
  it("follows the nearest marker: a component root's data-theme, else an ancestor's data-tl-theme, else light (jsdom prefers light)", () => {
    const outer = el('div', { 'data-tl-theme': 'dark' }, document.body);
    const inner = el('div', { 'data-tl-theme': 'light' }, outer);
    const darkRoot = el('div', { class: 'tl-root', 'data-theme': 'dark' }, inner);
    const child = el('span', {}, darkRoot);
    expect(themeAt(el('div', {}, document.body))).toBe('light');
    expect(themeAt(el('i', {}, outer))).toBe('dark');
    expect(themeAt(inner)).toBe('light');
    expect(themeAt(child)).toBe('dark');
    expect(readThemeColor(child, '--tl-bg')).toBe(THEME_DARK['--tl-bg']);
    expect(readThemeColor(child, '--tl-font-size')).toBe(THEME_LIGHT['--tl-font-size']);
    // data-theme means a theme only on a component root
    expect(themeAt(el('div', { 'data-theme': 'dark' }, inner))).toBe('light');
    outer.remove();
  });
  it('gives the default for a colour property whose value is no colour, and the element\'s colour for currentColor', () => {
    const d = el('div', { 'data-tl-theme': 'dark' }, document.body);
    d.style.setProperty('--tl-accent', 'not-a-colour');
    expect(readThemeColor(d, '--tl-accent')).toBe(THEME_DARK['--tl-accent']);
    d.style.setProperty('--tl-accent', 'steelblue');
    expect(readThemeColor(d, '--tl-accent')).toBe('steelblue');
    d.style.setProperty('--tl-accent', 'currentColor');
    d.style.color = 'rgb(1, 2, 3)';
    expect(readThemeColor(d, '--tl-accent')).toBe('rgb(1, 2, 3)');
    d.remove();
  });
});

describe('onThemeChange(el, callback)', () => {
  it('calls back once the values at el change through an ancestor attribute, not for unrelated or same-valued changes', async () => {
    const wrap = el('div', {}, document.body);
    const root = el('div', { class: 'tl-root' }, wrap);
    const other = el('div', {}, document.body);
    let calls = 0;
    const off = onThemeChange(root, () => calls++);
    const settle = () => new Promise((r) => setTimeout(r, 0));
    other.setAttribute('data-tl-theme', 'dark');
    wrap.className = 'x';
    await settle();
    expect(calls).toBe(0);
    wrap.setAttribute('data-tl-theme', 'dark');
    await settle();
    expect(calls).toBe(1);
    // (jsdom does not inherit custom properties: set on el itself; the browser tests cover ancestors)
    root.style.setProperty('--tl-accent', 'red');
    await settle();
    expect(calls).toBe(2);
    off();
    wrap.setAttribute('data-tl-theme', 'light');
    await settle();
    expect(calls).toBe(2);
    wrap.remove();
    other.remove();
  });
});

describe('createTooltip(container)', () => {
  it('is a hidden role="tooltip" element until shown', () => {
    const c = el('div', {}, document.body);
    const t = createTooltip(c);
    expect(t.element.getAttribute('role')).toBe('tooltip');
    expect(t.element.className).toBe('tl-tooltip');
    expect(t.element.hidden).toBe(true);
    expect(c.style.position).toBe('relative');
  });
  it('shows text only: markup in data stays text', () => {
    const c = el('div', {}, document.body);
    const t = createTooltip(c);
    t.show(5, 5, '<img src=x onerror=alert(1)>');
    expect(t.element.hidden).toBe(false);
    expect(t.element.querySelector('img')).toBeNull();
    expect(t.element.textContent).toBe('<img src=x onerror=alert(1)>');
    t.show(5, 5, [
      ['class', '<b>cat</b>'],
      ['p', '0.9'],
    ]);
    expect(t.element.querySelector('b')).toBeNull();
    expect([...t.element.querySelectorAll('.tl-tooltip-row')].map((r) => [...r.children].map((s) => s.textContent))).toEqual([
      ['class', '<b>cat</b>'],
      ['p', '0.9'],
    ]);
    t.hide();
    expect(t.element.hidden).toBe(true);
    t.destroy();
    expect(c.contains(t.element)).toBe(false);
  });
});

describe('exportSVG(svg)', () => {
  it('returns a standalone SVG string with xmlns and resolved var(--tl-*) and currentColor', () => {
    const root = el('div', { class: 'tl-root' }, document.body);
    root.style.setProperty('--tl-accent', '#ff0000');
    const svg = svgEl('svg', { width: 20, height: 10, viewBox: '0 0 20 10' }, root);
    svgEl('rect', { width: 10, height: 10, fill: 'var(--tl-accent)', stroke: 'var(--tl-nope, #00ff00)' }, svg);
    svgEl('text', { fill: 'currentColor', text: 'a < b' }, svg);
    const s = exportSVG(svg);
    expect(s.startsWith('<svg')).toBe(true);
    expect(s).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(s).not.toContain('var(');
    expect(s).not.toMatch(/currentcolor/i);
    expect(s).toContain('fill="#00ff00"'.replace('fill', 'stroke'));
    expect(s).toContain('a &lt; b');
    const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
    expect(doc.documentElement.namespaceURI).toBe(SVG_NS);
    expect(doc.querySelector('rect')!.getAttribute('fill')).toMatch(/^(#ff0000|#0969da)$/);
    // the page's svg is untouched
    expect(svg.querySelector('rect')!.getAttribute('fill')).toBe('var(--tl-accent)');
  });
});
