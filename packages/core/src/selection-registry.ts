import { fail } from './errors';
import { createSelection, type Selection } from './selection';

/**
 * The key of the page-wide registry on `globalThis`. `Symbol.for` returns the same symbol in every copy of
 * tensorlens on the page (each script-tag bundle carries its own copy of core), so they all share one registry.
 */
export const SELECTION_REGISTRY_KEY: unique symbol = Symbol.for('tensorlens.selections') as never;

type Registry = Map<string, Selection>;

function registry(): Registry {
  const holder = globalThis as { [SELECTION_REGISTRY_KEY]?: Registry };
  let found = holder[SELECTION_REGISTRY_KEY];
  if (!found) {
    found = new Map();
    // Not enumerable: the registry is bookkeeping, not part of the page's globals.
    Object.defineProperty(holder, SELECTION_REGISTRY_KEY, { value: found, configurable: true, enumerable: false, writable: false });
  }
  return found;
}

/**
 * The page's selection called `name`: the same {@link Selection} for every caller on the page, also across
 * separate tensorlens script files (each of which bundles its own copy of core). Elements use it for their
 * `selection="name"` attribute, so `<tl-point-cloud selection="digits">` and
 * `<tl-confusion-matrix selection="digits">` read and write one set of rows.
 *
 * The selection is created empty on first use and lives as long as the page. Calling its `destroy()` also
 * removes it from the registry, so a later `namedSelection(name)` gives a fresh, empty one.
 *
 * @param name a non-empty name; names are compared exactly (case and spaces count).
 * @throws TensorLensError ('option', argument 'name') when `name` is not a non-empty string.
 */
export function namedSelection(name: string): Selection {
  if (typeof name !== 'string' || name.trim() === '') {
    throw fail('option', 'name', 'a non-empty string naming the selection', typeof name === 'string' ? JSON.stringify(name) : name);
  }
  const selections = registry();
  const existing = selections.get(name);
  if (existing) return existing;
  const selection = createSelection();
  const destroy = selection.destroy;
  selection.destroy = () => {
    if (selections.get(name) === selection) selections.delete(name);
    destroy();
  };
  selections.set(name, selection);
  return selection;
}

/** The names of the page's named selections, in the order they were first used. */
export function namedSelectionNames(): string[] {
  return Array.from(registry().keys());
}
