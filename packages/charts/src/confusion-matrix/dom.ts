const SVG_NS = 'http://www.w3.org/2000/svg';

type Attrs = Record<string, string | number | null | undefined>;

function apply<T extends Element>(e: T, attrs: Attrs | undefined, parent: Element | null | undefined): T {
  if (attrs) for (const k in attrs) if (attrs[k] != null) e.setAttribute(k, String(attrs[k]));
  if (parent) parent.appendChild(e);
  return e;
}

/** Creates an SVG element with attributes (set via setAttribute), optionally appended to parent. */
export function svgEl<K extends keyof SVGElementTagNameMap>(doc: Document, tag: K, attrs?: Attrs, parent?: Element | null): SVGElementTagNameMap[K] {
  return apply(doc.createElementNS(SVG_NS, tag), attrs, parent);
}

/** Creates an HTML element with attributes, optionally appended to parent. */
export function htmlEl<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs?: Attrs, parent?: Element | null): HTMLElementTagNameMap[K] {
  return apply(doc.createElement(tag) as Element, attrs, parent) as HTMLElementTagNameMap[K];
}

/** An SVG text node whose content is set as text (never markup). */
export function svgText(doc: Document, text: string, attrs: Attrs, parent: Element): SVGTextElement {
  const t = svgEl(doc, 'text', attrs, parent);
  t.textContent = text;
  return t;
}
