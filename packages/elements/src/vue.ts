// `@tensorlens/elements/vue`: the tensorlens elements in Vue 3 templates, typed for vue-tsc (GlobalComponents).
// A type-only entry: add `import type {} from '@tensorlens/elements/vue';` once, register the elements with
// `import '@tensorlens/elements/define';`, and tell Vue's compiler they are custom elements
// (`compilerOptions.isCustomElement: (tag) => tag.startsWith('tl-')`). Unknown attributes are errors with
// vue-tsc's `strictTemplates` (or `checkUnknownProps`) on.
import type { HTMLAttributes } from 'vue';
import type { TlElementTypes } from './element-types';

type Tag = keyof TlElementTypes;
type Element<T extends Tag> = TlElementTypes[T]['element'];
type Attributes<T extends Tag> = TlElementTypes[T]['attributes'];
type Properties<T extends Tag> = TlElementTypes[T]['properties'];
type Events<T extends Tag> = TlElementTypes[T]['events'];
type Method = (...args: never[]) => unknown;

/** `'cell-text'` → `'cellText'`: vue-tsc compares attribute names camelised. */
type Camel<S extends string> = S extends `${infer Head}-${infer Rest}` ? `${Head}${Capitalize<Camel<Rest>>}` : S;
type Dashed<T extends Tag> = Extract<keyof Attributes<T>, `${string}-${string}`>;
type Plain<T extends Tag> = Exclude<keyof Attributes<T>, Dashed<T>>;
/** The value type of the dashed attribute whose camelised name is `K`, if any. */
type DashedValue<T extends Tag, K> = { [A in Dashed<T>]: Camel<A> extends K ? Attributes<T>[A] : never }[Dashed<T>];

/**
 * The props of `<T>` in a Vue template, by what Vue does with each one on a custom element:
 * - a name without a dash that the element has a property of (`name in element`) is set as that property,
 *   with its setter's type (`:data="…"`, `:margins="false"`, `normalization="true"`); the confusion matrix's
 *   `normalize` attribute is left out (`normalize()` is a method of every DOM node, which Vue would overwrite);
 * - any other name is set as an attribute (`cell-text="percent"`, `:size="3"` or `size="3"`);
 * - `@tl-select="…"` listens to `tl-select` (typed as `onTlSelect`).
 */
export type TlVueProps<T extends Tag> = Omit<HTMLAttributes, Camel<keyof Attributes<T> & string> | keyof Properties<T>> & {
  [K in keyof Properties<T>]?: Properties<T>[K] | DashedValue<T, K>;
} & {
  [A in Dashed<T> as Camel<A> extends keyof Properties<T> ? never : Camel<A>]?: Attributes<T>[A];
} & {
  [A in Exclude<Plain<T>, keyof Properties<T> | keyof Element<T>>]?: Attributes<T>[A];
} & {
  [A in Exclude<Extract<Plain<T>, keyof Element<T>>, keyof Properties<T>> as Element<T>[A] extends Method ? never : A]?: Element<T>[A];
} & {
  [E in keyof Events<T> as `on${Capitalize<Camel<E & string>>}`]?: (event: Events<T>[E]) => void;
};

/** What vue-tsc reads for a global component: the element, with `$props` for the template's attributes. */
export type TlVueElement<T extends Tag> = new () => Element<T> & {
  /** For template type checking only: the attributes, properties and events a template may use. */
  $props: TlVueProps<T>;
};

/** Every tensorlens element as a global component for vue-tsc. */
export type TlVueElements = { [T in Tag]: TlVueElement<T> };

declare module 'vue' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalComponents extends TlVueElements {}
}
