import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSelection, namedSelection, namedSelectionNames } from '../src/index';
import { expectError } from '../../../test/support';

const KEY = Symbol.for('tensorlens.selections');

afterEach(() => {
  for (const name of namedSelectionNames()) namedSelection(name).destroy();
});

describe('namedSelection(name)', () => {
  it('gives one selection per name: the same object for every caller, another for another name', () => {
    const a = namedSelection('digits');
    expect(namedSelection('digits')).toBe(a);
    expect(namedSelection('letters')).not.toBe(a);
    expect(namedSelection('Digits')).not.toBe(a); // names are exact
    a.set([1, 2, 3]);
    expect([...namedSelection('digits').toArray()]).toEqual([1, 2, 3]);
    expect(namedSelection('letters').size).toBe(0);
  });

  it("lives on globalThis[Symbol.for('tensorlens.selections')], where another copy of core finds it", () => {
    const mine = namedSelection('shared');
    const registry = (globalThis as Record<symbol, unknown>)[KEY] as Map<string, unknown>;
    expect(registry).toBeInstanceOf(Map);
    expect(registry.get('shared')).toBe(mine);
    // Another bundle's copy of core has its own createSelection but reads the same registry: a selection it put
    // there is what this copy returns.
    const fromOtherBundle = createSelection();
    registry.set('from-elsewhere', fromOtherBundle);
    expect(namedSelection('from-elsewhere')).toBe(fromOtherBundle);
    expect(Object.keys(globalThis)).not.toContain(String(KEY));
  });

  it('notifies every holder of a name when one of them writes', () => {
    const seen = vi.fn();
    namedSelection('linked').on('change', seen);
    namedSelection('linked').add([7], 'writer');
    expect(seen).toHaveBeenCalledWith({ source: 'writer', size: 1 });
  });

  it('gives a fresh, empty selection after the named one was destroyed', () => {
    const first = namedSelection('temp');
    first.add([4]);
    first.destroy();
    expect(namedSelectionNames()).not.toContain('temp');
    const second = namedSelection('temp');
    expect(second).not.toBe(first);
    expect(second.size).toBe(0);
    second.add([1]);
    expect(second.has(1)).toBe(true);
  });

  it('rejects a name that is not a non-empty string, naming the argument', () => {
    expectError(() => namedSelection(''), 'option', 'name');
    expectError(() => namedSelection('   '), 'option', 'name');
    expectError(() => namedSelection(3 as never), 'option', 'name');
  });
});
