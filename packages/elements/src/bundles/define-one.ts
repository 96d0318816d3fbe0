// Registers one custom element unless its tag is already taken (by another tensorlens script on the page).
export function defineOne(tag: string, ctor: CustomElementConstructor): void {
  const registry = globalThis.customElements;
  if (registry && !registry.get(tag)) registry.define(tag, ctor);
}
