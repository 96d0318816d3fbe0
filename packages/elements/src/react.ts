// `@tensorlens/elements/react`: the tensorlens elements in React 19's JSX, typed. A type-only entry: add
// `import type {} from '@tensorlens/elements/react';` once (or list it in tsconfig's "types"), and register the
// elements with `import '@tensorlens/elements/define';`.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { TlElementTypes } from './element-types';

type Tag = keyof TlElementTypes;
type Element<T extends Tag> = TlElementTypes[T]['element'];
type Attributes<T extends Tag> = TlElementTypes[T]['attributes'];
type Properties<T extends Tag> = TlElementTypes[T]['properties'];
type Events<T extends Tag> = TlElementTypes[T]['events'];
type Method = (...args: never[]) => unknown;

/** Attribute names React sets as attributes: names the element has no property or method of. */
type AttributeOnly<T extends Tag> = Exclude<keyof Attributes<T>, keyof Element<T> | keyof Properties<T>>;
/** Attribute names that are also a DOM property of every element (`title`), set as that property. */
type DomProperty<T extends Tag> = Exclude<Extract<keyof Attributes<T>, keyof Element<T>>, keyof Properties<T>>;

/**
 * The props of `<T>` in React 19, by what React does with each one on a custom element:
 * - a name the element has a property of (`name in element`) is set as that property, so it takes the setter's
 *   type: `data={…}`, `selection="digits"` or a Selection, and on `<tl-confusion-matrix>` `margins={false}`,
 *   `normalization="true"` (its `normalize` attribute is left out: `normalize()` is a method of every DOM node,
 *   which React would overwrite);
 * - any other name is set as an attribute, where `false` removes it (the element's default then applies), so a
 *   boolean attribute takes `true`, "true" or "false";
 * - `on<event>` adds a listener for that event: `ontl-select={(e) => e.detail.indices}`.
 *
 * TypeScript does not report unknown JSX attribute names that contain a dash (it treats them like `data-*`), so
 * a misspelt `cel-text` goes unreported in React; a misspelt name without a dash, and a wrong value for any
 * name, are errors.
 */
export type TlReactProps<T extends Tag> = Omit<DetailedHTMLProps<HTMLAttributes<Element<T>>, Element<T>>, keyof Attributes<T> | keyof Properties<T>> & {
  [K in keyof Properties<T>]?: Properties<T>[K];
} & {
  [K in AttributeOnly<T>]?: Exclude<Attributes<T>[K], false>;
} & {
  [K in DomProperty<T> as Element<T>[K] extends Method ? never : K]?: Element<T>[K];
} & {
  [E in keyof Events<T> as `on${E & string}`]?: (event: Events<T>[E]) => void;
};

/** Every tensorlens element in JSX. */
export type TlReactElements = { [T in Tag]: TlReactProps<T> };

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends TlReactElements {}
  }
}
