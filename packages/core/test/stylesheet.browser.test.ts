// adoptStyles in Chromium: constructed sheets adopted by the document, a shadow root or an iframe's document, so
// that a Content-Security-Policy without style-src 'unsafe-inline' still lets tensorlens style its components.
import { afterEach, describe, expect, it } from 'vitest';
import { adoptStyles, el, injectTheme, readThemeColor, THEME_LIGHT } from '../src/index';
import { frameWithPolicy } from '../../../test/support';

const cleanup: Array<() => void> = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

/** An iframe whose document has `csp` as its policy, removed after the test. */
async function frameUnder(csp: string): Promise<{ doc: Document; violations: string[] }> {
  const { frame, doc, violations } = await frameWithPolicy(csp);
  cleanup.push(() => frame.remove());
  return { doc, violations };
}

describe('adoptStyles(node, key, css)', () => {
  it('adopts one constructed sheet per key into the document, and no <style> element', () => {
    const key = 'test-doc';
    const a = adoptStyles(document.body, key, ':where(.tl-test-adopted){width:37px}');
    const b = adoptStyles(document, key, ':where(.tl-test-adopted){width:99px}');
    cleanup.push(() => (document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== a)));
    expect(a).toBe(b);
    expect(a).toBeInstanceOf(CSSStyleSheet);
    expect(document.adoptedStyleSheets.filter((s) => s === a)).toHaveLength(1);
    expect(document.querySelector(`style[data-tl-${key}]`)).toBeNull();
    const probe = el('div', { class: 'tl-test-adopted' }, document.body);
    cleanup.push(() => probe.remove());
    expect(probe.getBoundingClientRect().width).toBe(37);
  });

  it('adds the sheet back when page code replaced the adopted sheets', () => {
    const sheet = adoptStyles(document, 'test-replaced', ':where(.tl-test-replaced){width:21px}') as CSSStyleSheet;
    cleanup.push(() => (document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet)));
    document.adoptedStyleSheets = [];
    expect(adoptStyles(document, 'test-replaced', '')).toBe(sheet);
    expect(document.adoptedStyleSheets).toContain(sheet);
  });

  it('goes into the shadow root that holds the node, not the document', () => {
    const host = el('div', {}, document.body);
    cleanup.push(() => host.remove());
    const shadow = host.attachShadow({ mode: 'open' });
    const inside = el('div', { class: 'tl-test-shadow' }, shadow as unknown as HTMLElement);
    const sheet = adoptStyles(inside, 'test-shadow', ':where(.tl-test-shadow){width:23px}');
    expect(shadow.adoptedStyleSheets).toContain(sheet);
    expect(document.adoptedStyleSheets).not.toContain(sheet);
    expect(inside.getBoundingClientRect().width).toBe(23);
  });

  it("styles an iframe's document under style-src without 'unsafe-inline' (a <style> element would be blocked there)", async () => {
    const { doc, violations } = await frameUnder("default-src 'none'; style-src 'self'");
    // A sheet constructed by this window could not be adopted by the iframe's document: adoptStyles uses the frame's own.
    const sheet = adoptStyles(doc.body, 'test-frame', ':where(.tl-test-frame){width:29px}');
    expect(sheet).toBeInstanceOf(doc.defaultView!.CSSStyleSheet);
    injectTheme(doc.body);
    const probe = el('div', { class: 'tl-test-frame tl-root' }, doc.body);
    expect(probe.getBoundingClientRect().width).toBe(29);
    expect(readThemeColor(probe, '--tl-accent')).toBe(THEME_LIGHT['--tl-accent']);
    // Inline style set by core's el() goes through the CSSOM, which the policy allows (a style attribute it blocks).
    const sized = el('div', { style: 'width:31px;height:5px' }, doc.body);
    expect(sized.getBoundingClientRect().width).toBe(31);
    // What the policy blocks, for contrast: a <style> element's text.
    const blocked = el('style', { text: '.tl-test-blocked{width:41px}' }, doc.head);
    const target = el('div', { class: 'tl-test-blocked' }, doc.body);
    expect(target.getBoundingClientRect().width).not.toBe(41);
    blocked.remove();
    await new Promise((r) => setTimeout(r, 50));
    expect(violations.every((v) => v.startsWith('style-src'))).toBe(true);
    expect(violations).toHaveLength(1); // the <style> of the contrast check, nothing of ours
  });
});
