// `@tensorlens/elements/svelte`: the tensorlens elements in Svelte 5 markup, typed for svelte-check
// (svelte/elements' SvelteHTMLElements). A type-only entry: add `import type {} from '@tensorlens/elements/svelte';`
// once (in a component's script or a .d.ts the project includes), and register the elements with
// `import '@tensorlens/elements/define';`.
import type { HTMLAttributes } from 'svelte/elements';
import type { TlElementTypes } from './element-types';

type Tag = keyof TlElementTypes;
type Element<T extends Tag> = TlElementTypes[T]['element'];
type Attributes<T extends Tag> = TlElementTypes[T]['attributes'];
type Properties<T extends Tag> = TlElementTypes[T]['properties'];
type Events<T extends Tag> = TlElementTypes[T]['events'];

/**
 * The attributes of `<T>` in Svelte 5, by what Svelte does with each one on a custom element:
 * - a name the element has a setter for is set as that property, with the setter's type (`data={…}`,
 *   `margins={false}`, `selection="digits"`);
 * - any other name is set as an attribute (text), so `normalize="true"` and `size={3}` work;
 * - `ontl-select={…}` listens to `tl-select`.
 */
export type TlSvelteAttributes<T extends Tag> = Omit<HTMLAttributes<Element<T>>, keyof Attributes<T> | keyof Properties<T>> & {
  [K in keyof Properties<T>]?: Properties<T>[K];
} & {
  [A in Exclude<keyof Attributes<T>, keyof Properties<T>>]?: Attributes<T>[A];
} & {
  [E in keyof Events<T> as `on${E & string}`]?: (event: Events<T>[E]) => void;
};

/** Every tensorlens element in Svelte markup. */
export type TlSvelteElements = { [T in Tag]: TlSvelteAttributes<T> };

declare module 'svelte/elements' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SvelteHTMLElements extends TlSvelteElements {}
}
