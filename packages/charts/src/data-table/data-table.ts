import { Emitter, Lifecycle, createSelection, defineOptions, describe, el, fail, hasColumn, isBoolean, isNumber, isSelection, isString, isTheme, nullable, observeSize, popcount, toTable } from '@tensorlens/core';
import type { Column, ColumnTable, ComponentHandle, OptionCheck, Selection, TableInput, Theme, Unsubscribe } from '@tensorlens/core';
import { sortRows } from './sort';
import { MISSING_TEXT, formatNumber } from './format';
import { injectDataTableStyles } from './styles';

/** A sort: by one column, ascending unless `descending`. */
export interface DataTableSort {
  column: string;
  /** Default false. */
  descending?: boolean;
}

/** Formats one cell: the raw value (a number, NaN when missing, or a string) and its row index. */
export type CellFormatter = (value: number | string, row: number) => string;

/** Options of {@link createDataTable}. */
export interface DataTableOptions {
  /** Rows (array of records), columns (`Record<string, ArrayLike>`, TypedArrays kept as they are), a core
   * ColumnTable, an Apache Arrow table, or CSV/TSV/JSON text. Required. */
  data: TableInput;
  /** Which columns to show, in order. Default null: every column of `data`. */
  columns?: string[] | null;
  /** Shared selection: clicked rows are written here; rows selected elsewhere are highlighted. Default null (the
   * table keeps a selection of its own). */
  selection?: Selection | null;
  /** Show only the selected rows. Default false (also a checkbox in the table's bar). */
  showOnlySelected?: boolean;
  /** Sort by a column. Default null (data order). Clicking a header cycles ascending → descending → none. */
  sort?: DataTableSort | null;
  /** Row height in CSS pixels. Default 24. */
  rowHeight?: number;
  /** Height of the whole table (bar included) in CSS pixels. Default 360; null fills the container's height. */
  height?: number | null;
  /** Per-column cell formatters (text only). Default: numbers by {@link formatNumber}, missing values as "—". */
  format?: Record<string, CellFormatter>;
  /** Accessible name of the grid. Default 'Data table'. */
  title?: string;
  /** Default 'auto' (prefers-color-scheme and an ancestor's data-tl-theme). */
  theme?: Theme;
}

/** Events of {@link createDataTable}. */
export interface DataTableEvents {
  /** The user changed the selection from the table (click, keyboard). Indices ascending. */
  select: { indices: Uint32Array; count: number };
  /** The user asked for a sort from a header (column null: back to data order). */
  sort: { column: string | null; descending: boolean };
  /** The row under the pointer (data row index), or null when the pointer leaves. */
  hover: { index: number } | null;
  /** The current data, options and sort reached the screen. */
  render: { rows: number; shown: number };
  /** Drawing failed (the message is also thrown to whoever awaits whenRendered()). */
  error: { error: unknown; message: string };
}

export interface DataTableHandle extends ComponentHandle<DataTableOptions, DataTableEvents> {
  /** Rows in the data. */
  readonly rowCount: number;
  /** Rows in the current view (all rows, or only the selected ones). */
  readonly viewCount: number;
  /** Selected rows (of this data). */
  readonly selectedCount: number;
  /** True while a sort is running. */
  readonly sorting: boolean;
  /** View positions [first, last) of the rows on screen. */
  readonly visibleRange: [number, number];
  /** Data row indices in view order (a copy). */
  rowOrder(): Uint32Array;
  /** Scrolls so that data row `index` is on screen (no-op when it is not in the view); returns its view position or -1. */
  scrollToRow(index: number): number;
  /** Listeners registered through `on` (for leak checks). */
  readonly listenerCount: number;
}

/** The options with every default applied. */
type Opts = Required<DataTableOptions>;

const isTableInput: OptionCheck<TableInput> = (value, argument) => {
  if (typeof value !== 'string' && (value === null || typeof value !== 'object')) throw fail('option', argument, 'a table (rows, columns, an Arrow table, or CSV/JSON text)', value);
};
const isColumnList: OptionCheck<string[]> = (value, argument) => {
  if (!Array.isArray(value)) throw fail('option', argument, 'an array of column names, or null', value);
  value.forEach((name, i) => {
    if (typeof name !== 'string') throw fail('option', `${argument}[${i}]`, 'a column name (a string)', name);
  });
};
const isSort: OptionCheck<DataTableSort> = (value, argument) => {
  if (typeof value !== 'object' || value === null || typeof value.column !== 'string') throw fail('option', argument, '{ column: string, descending?: boolean } or null', value);
  if (value.descending !== undefined) isBoolean(value.descending, `${argument}.descending`);
};
const isFormatters: OptionCheck<Record<string, CellFormatter>> = (value, argument) => {
  if (typeof value !== 'object' || value === null) throw fail('option', argument, 'an object of column name → function', value);
  for (const name of Object.keys(value)) if (typeof value[name] !== 'function') throw fail('option', `${argument}.${name}`, 'a function (value, row) → text', value[name]);
};
const sameSort = (a: DataTableSort, b: DataTableSort) => a.column === b.column && !!a.descending === !!b.descending;

/** The data table's options, declared once: checks, defaults and what a change invalidates. */
export const dataTableOptions = defineOptions<DataTableOptions>(
  'data table',
  {
    data: { required: true, check: isTableInput, invalidates: 'data' },
    columns: { default: null, check: nullable(isColumnList), invalidates: 'data' },
    selection: { default: null, check: nullable(isSelection), invalidates: 'paint' },
    showOnlySelected: { default: false, check: isBoolean, invalidates: 'layout' },
    sort: { default: null, check: nullable(isSort), invalidates: 'layout', equals: (a, b) => a === b || (!!a && !!b && sameSort(a, b)) },
    rowHeight: { default: 24, check: isNumber({ min: 8, max: 400 }), invalidates: 'layout' },
    height: { default: 360, check: nullable(isNumber({ min: 60 })), invalidates: 'layout' },
    format: { default: {}, check: isFormatters, invalidates: 'paint' },
    title: { default: 'Data table', check: isString, invalidates: 'paint' },
    theme: { default: 'auto', check: isTheme, invalidates: 'paint' },
  },
);

/** Rows drawn above and below the viewport. */
const OVERSCAN = 4;
/** Tallest scroll area; past it, scroll positions are scaled to rows (browsers cap element heights). */
const MAX_PX = 8e6;

let uid = 0;

/** What the table reads from `data` and `columns`: derived before any state changes, so a bad update changes nothing. */
interface TableData {
  table: ColumnTable;
  names: string[];
  cols: Column[];
  numeric: boolean[];
}

/** Reads `data` with core's toTable and checks `columns` and `sort` against it. Throws before anything is assigned. */
function readData(o: Opts): TableData {
  const table = toTable(o.data, { name: 'data' });
  const known = `a column of data (${table.names.join(', ')})`;
  const names = o.columns ?? table.names;
  names.forEach((c, i) => {
    if (!hasColumn(table, c)) throw fail('option', `options.columns[${i}]`, known, describe(c));
  });
  if (o.sort && !hasColumn(table, o.sort.column)) throw fail('option', 'options.sort.column', known, describe(o.sort.column));
  const cols = names.map((c) => table.columns[c]);
  return { table, names: names.slice(), cols, numeric: cols.map((c) => !Array.isArray(c)) };
}

/** Number of selected rows below `n`. */
function countBelow(sel: Selection, n: number): number {
  if (sel.capacity <= n) return sel.size;
  const w = sel.words;
  const full = n >>> 5;
  let c = 0;
  for (let k = 0; k < full && k < w.length; k++) c += popcount(w[k]);
  if (n & 31 && full < w.length) c += popcount(w[full] & ((1 << (n & 31)) - 1));
  return c;
}

const plural = (n: number, one: string) => `${formatNumber(n)} ${one}${n == 1 ? '' : 's'}`;

/**
 * A virtualized data table: only the rows on screen are in the DOM (a fixed pool of row elements, recycled as you
 * scroll over a spacer), columns stay in typed arrays, sorting runs in time slices, and the rows are linked to a
 * shared {@link Selection}: click, shift-click (range), ctrl/cmd-click (toggle) and the keyboard write it; rows
 * selected elsewhere are highlighted, and "show only selected" narrows the view to them.
 */
export function createDataTable(container: HTMLElement, options: DataTableOptions): DataTableHandle {
  if (!container || typeof (container as HTMLElement).appendChild != 'function' || container.nodeType !== 1) throw fail('type', 'container', 'an HTMLElement', container);
  if (!options || typeof options != 'object') throw fail('type', 'options', 'an options object with data', options);
  let opts = dataTableOptions.resolve(options) as Opts;
  const me = {};
  const id = `tl-dt-${++uid}`;
  const emitter = new Emitter<DataTableEvents>();

  // ---- data ----
  let { table, names, cols, numeric } = readData(opts);

  // ---- selection ----
  let own: Selection | null = null;
  let sel: Selection;
  let offSel: Unsubscribe = () => {};
  const bindSelection = () => {
    offSel();
    if (opts.selection) {
      own?.destroy();
      own = null;
      sel = opts.selection;
    } else sel = own ??= createSelection(table.length);
    offSel = sel.on('change', () => {
      if (opts.showOnlySelected) computeView();
      refresh();
    });
  };

  // ---- DOM ----
  injectDataTableStyles(container);
  const root = el('div', { class: 'tl-root tl-dt' }, container);
  const bar = el('div', { class: 'tl-dt-bar' }, root);
  const count = el('span', { class: 'tl-dt-count', 'aria-live': 'polite' }, bar);
  const onlyLabel = el('label', { class: 'tl-dt-only' }, bar);
  const only = el('input', { type: 'checkbox' }, onlyLabel);
  onlyLabel.append(' show only selected');
  const status = el('span', { class: 'tl-dt-status', role: 'status' }, bar);
  const scroll = el('div', { class: 'tl-dt-scroll', role: 'grid', tabindex: 0, 'aria-multiselectable': 'true' }, root);
  const head = el('div', { class: 'tl-dt-head', role: 'row', 'aria-rowindex': 1 }, scroll);
  const body = el('div', { class: 'tl-dt-body', role: 'rowgroup' }, scroll);
  const empty = el('div', { class: 'tl-dt-empty', hidden: true }, body);
  let headers: HTMLElement[] = [];
  let pool: HTMLElement[] = [];
  let slotRow = new Int32Array(0);
  let template = '';

  // ---- view state ----
  let perm: Uint32Array | null = null; // sorted order (null: data order)
  let sortKey = ''; // the sort `perm` holds: `${column}\u0000${descending}`
  let view: Uint32Array | null = null; // rows shown (null: `perm` or data order, all rows)
  let viewLen = 0;
  let active = 0; // view position of the keyboard cursor
  let anchor = 0; // view position where a shift-range starts
  let first = 0; // view position of the first pooled row
  let shown: [number, number] = [0, 0];
  let hovered = -1;
  let sortAbort: AbortController | null = null;
  let sortPending: Promise<void> | null = null;

  const rowAt = (p: number) => (view ? view[p] : perm ? perm[p] : p);

  const computeView = () => {
    const n = table.length;
    if (!opts.showOnlySelected) {
      view = null;
      viewLen = n;
    } else {
      const out = new Uint32Array(countBelow(sel, n));
      let k = 0;
      if (perm) {
        for (let p = 0; p < n; p++) if (sel.has(perm[p])) out[k++] = perm[p];
      } else sel.forEach((i) => void (i < n && (out[k++] = i)));
      view = out;
      viewLen = k;
    }
    active = Math.min(active, Math.max(0, viewLen - 1));
    anchor = Math.min(anchor, Math.max(0, viewLen - 1));
    slotRow.fill(-1);
  };

  const buildColumns = () => {
    head.replaceChildren();
    template = `repeat(${names.length}, minmax(7em, 1fr))`;
    head.style.gridTemplateColumns = template;
    headers = names.map((name, j) => {
      const h = el('div', { class: 'tl-dt-th' + (numeric[j] ? ' tl-dt-num' : ''), role: 'columnheader', 'aria-colindex': j + 1 }, head);
      el('button', { type: 'button', 'data-col': j, title: `Sort by ${name}` }, h);
      return h;
    });
    for (const r of pool) r.remove();
    pool = [];
    slotRow = new Int32Array(0);
  };

  const paintHeaders = () => {
    headers.forEach((h, j) => {
      const s = opts.sort?.column == names[j] ? (opts.sort.descending ? 'descending' : 'ascending') : 'none';
      h.setAttribute('aria-sort', s);
      h.firstElementChild!.textContent = names[j] + (s == 'ascending' ? ' ▲' : s == 'descending' ? ' ▼' : '');
    });
  };

  /** Viewport height for rows (CSS px): the layout's, or from the height option where there is no layout (jsdom). */
  const viewportH = () => {
    const h = scroll.clientHeight - head.offsetHeight;
    return h > 0 ? h : (opts.height ?? 360) - 2 * opts.rowHeight - 8;
  };
  const fullH = () => viewLen * opts.rowHeight;
  const totalH = () => Math.min(fullH(), MAX_PX);
  /** Virtual pixels per scroll pixel (1 unless the rows are taller than {@link MAX_PX}). */
  const ratio = () => {
    const vh = viewportH();
    const t = totalH();
    return fullH() > t && t > vh ? (fullH() - vh) / (t - vh) : 1;
  };

  const ensurePool = () => {
    const want = Math.ceil(viewportH() / opts.rowHeight) + 1 + 2 * OVERSCAN;
    if (pool.length == want) return;
    while (pool.length > want) pool.pop()!.remove();
    while (pool.length < want) {
      const r = el('div', { class: 'tl-dt-row', role: 'row', 'data-k': pool.length }, body);
      r.style.gridTemplateColumns = template;
      r.style.height = opts.rowHeight + 'px';
      for (let j = 0; j < names.length; j++) el('div', { class: 'tl-dt-cell' + (numeric[j] ? ' tl-dt-num' : ''), role: 'gridcell' }, r);
      pool.push(r);
    }
    slotRow = new Int32Array(pool.length).fill(-1);
  };

  const cellText = (j: number, row: number): string => {
    const c = cols[j];
    const v = c[row];
    // Own formatters only: a column called 'constructor' or 'toString' must not find Object.prototype's.
    const f = Object.prototype.hasOwnProperty.call(opts.format, names[j]) ? opts.format[names[j]] : undefined;
    if (f) return String(f(v as number | string, row));
    return typeof v == 'number' ? formatNumber(v) : v === '' || v == null ? MISSING_TEXT : String(v);
  };

  /** Puts the visible rows into the pooled elements (the hot path: no allocation per row beyond cell text). */
  const drawRows = () => {
    const rh = opts.rowHeight;
    const s = scroll.scrollTop;
    const vt = s * ratio();
    const vh = viewportH();
    first = Math.max(0, Math.floor(vt / rh) - OVERSCAN);
    shown = [Math.min(viewLen, Math.floor(vt / rh)), Math.min(viewLen, Math.ceil((vt + vh) / rh))];
    for (let k = 0; k < pool.length; k++) {
      const r = pool[k];
      const p = first + k;
      if (p >= viewLen) {
        if (!r.hidden) r.hidden = true;
        slotRow[k] = -1;
        continue;
      }
      const row = rowAt(p);
      r.hidden = false;
      r.style.transform = `translateY(${s + p * rh - vt}px)`;
      if (slotRow[k] !== row) {
        slotRow[k] = row;
        r.setAttribute('aria-rowindex', String(p + 2));
        const cells = r.children;
        for (let j = 0; j < cells.length; j++) {
          const t = cellText(j, row);
          const cell = cells[j];
          cell.textContent = t;
          cell.classList.toggle('tl-dt-missing', t === MISSING_TEXT);
        }
      }
      r.setAttribute('aria-selected', sel.has(row) ? 'true' : 'false');
      const isActive = p == active;
      r.classList.toggle('tl-dt-active', isActive);
      if (isActive) r.id = `${id}-active`;
      else if (r.id) r.removeAttribute('id');
    }
    if (viewLen && active >= first && active < first + pool.length) scroll.setAttribute('aria-activedescendant', `${id}-active`);
    else scroll.removeAttribute('aria-activedescendant');
  };

  const paintCount = () => {
    const n = table.length;
    const m = countBelow(sel, n);
    count.textContent = `${plural(n, 'row')} · ${formatNumber(m)} selected` + (opts.showOnlySelected ? ` · showing ${formatNumber(viewLen)}` : '');
  };

  const layout = () => {
    root.style.height = opts.height == null ? '100%' : opts.height + 'px';
    if (opts.theme == 'auto') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', opts.theme);
    head.style.height = opts.rowHeight + 'px';
    body.style.height = totalH() + 'px';
    scroll.setAttribute('aria-label', opts.title);
    scroll.setAttribute('aria-rowcount', String(viewLen + 1));
    scroll.setAttribute('aria-colcount', String(names.length));
    only.checked = opts.showOnlySelected;
    empty.hidden = viewLen > 0;
    empty.textContent = opts.showOnlySelected ? 'No rows selected.' : 'No rows.';
    ensurePool();
  };

  const refresh = () => {
    if (lc.destroyed) return;
    layout();
    drawRows();
    paintCount();
  };

  // ---- sorting ----
  const applySort = () => {
    const s = opts.sort;
    const key = s ? `${s.column}\u0000${!!s.descending}` : '';
    paintHeaders();
    if (key == sortKey && !sortPending) return;
    sortAbort?.abort();
    sortAbort = null;
    sortPending = null;
    if (!s) {
      perm = null;
      sortKey = '';
      computeView();
      refresh();
      return;
    }
    const ac = (sortAbort = new AbortController());
    status.textContent = 'sorting…';
    scroll.setAttribute('aria-busy', 'true');
    sortPending = sortRows(table.columns[s.column], { descending: s.descending, signal: ac.signal }).then(
      (p) => {
        if (ac.signal.aborted || lc.destroyed) return;
        perm = p;
        sortKey = key;
        sortAbort = null;
        sortPending = null;
        status.textContent = '';
        scroll.removeAttribute('aria-busy');
        computeView();
        refresh();
      },
      (e: unknown) => {
        if ((e as Error)?.name != 'AbortError') throw e;
      },
    );
  };

  // ---- selection writes ----
  const writeRows = (rows: ArrayLike<number>, mode: 'set' | 'add' | 'toggle') => {
    if (mode == 'toggle') {
      const r = rows[0];
      if (sel.has(r)) sel.delete([r], me);
      else sel.add([r], me);
    } else sel[mode](rows, me);
    const indices = sel.toArray();
    let k = indices.length;
    while (k && indices[k - 1] >= table.length) k--;
    emitter.emit('select', { indices: indices.subarray(0, k), count: k });
  };
  const range = (a: number, b: number) => {
    const lo = Math.min(a, b);
    const out = new Uint32Array(Math.abs(a - b) + 1);
    for (let i = 0; i < out.length; i++) out[i] = rowAt(lo + i);
    return out;
  };

  // ---- scrolling ----
  const scrollToPos = (p: number) => {
    const rh = opts.rowHeight;
    const r = ratio();
    const vh = viewportH();
    const vt = scroll.scrollTop * r;
    let t = vt;
    if (p * rh < vt) t = p * rh;
    else if ((p + 1) * rh > vt + vh) t = (p + 1) * rh - vh;
    if (t != vt) scroll.scrollTop = t / r;
  };
  const moveTo = (p: number, how: 'move' | 'extend' | 'select') => {
    if (!viewLen) return;
    active = Math.max(0, Math.min(viewLen - 1, p));
    if (how == 'extend') writeRows(range(anchor, active), 'set');
    else {
      anchor = active;
      if (how == 'select') writeRows([rowAt(active)], 'set');
    }
    scrollToPos(active);
    drawRows();
  };

  // ---- events ----
  /** Draws the current state and says so: `render` once the rows (sorted, when a sort runs) are on screen. */
  const renderFrame = (): Promise<void> | void => {
    try {
      refresh();
    } catch (error) {
      emitter.emit('error', { error, message: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    if (!sortPending) return emitRender();
    return sortPending.then(() => {
      if (!lc.destroyed) emitRender();
    });
  };
  const emitRender = () => emitter.emit('render', { rows: table.length, shown: viewLen });
  const lc = new Lifecycle(renderFrame);
  lc.own(() => {
    sortAbort?.abort();
    offSel();
    own?.destroy();
    emitter.clear();
    root.remove();
  });
  lc.listen(scroll, 'scroll', () => drawRows(), { passive: true });
  lc.listen(only, 'change', () => {
    opts = { ...opts, showOnlySelected: only.checked };
    computeView();
    scroll.scrollTop = 0;
    refresh();
  });
  lc.listen(head, 'click', (e) => {
    const b = (e.target as Element).closest?.('button[data-col]');
    if (!b) return;
    const column = names[+b.getAttribute('data-col')!];
    const s = opts.sort;
    const next = s?.column != column ? { column, descending: false } : !s.descending ? { column, descending: true } : null;
    opts = { ...opts, sort: next };
    applySort();
    emitter.emit('sort', { column: next?.column ?? null, descending: !!next?.descending });
  });
  const posOf = (e: Event): number => {
    const r = (e.target as Element).closest?.('.tl-dt-row');
    if (!r || r.parentNode !== body) return -1;
    const k = +r.getAttribute('data-k')!;
    return slotRow[k] < 0 ? -1 : first + k;
  };
  lc.listen(body, 'click', (e) => {
    const p = posOf(e);
    if (p < 0) return;
    const m = e as MouseEvent;
    if (m.shiftKey) {
      active = p;
      writeRows(range(anchor, p), m.ctrlKey || m.metaKey ? 'add' : 'set');
    } else {
      active = anchor = p;
      writeRows([rowAt(p)], m.ctrlKey || m.metaKey ? 'toggle' : 'set');
    }
    scroll.focus({ preventScroll: true });
    drawRows();
  });
  lc.listen(body, 'pointermove', (e) => {
    const p = posOf(e);
    const row = p < 0 ? -1 : rowAt(p);
    if (row == hovered) return;
    hovered = row;
    emitter.emit('hover', row < 0 ? null : { index: row });
  });
  lc.listen(body, 'pointerleave', () => {
    if (hovered < 0) return;
    hovered = -1;
    emitter.emit('hover', null);
  });
  lc.listen(scroll, 'keydown', (e) => {
    const k = e as KeyboardEvent;
    if (k.target !== scroll) return; // header buttons keep their keys
    const page = Math.max(1, Math.floor(viewportH() / opts.rowHeight) - 1);
    const ext = k.shiftKey ? 'extend' : 'move';
    const ctrl = k.ctrlKey || k.metaKey;
    switch (k.key) {
      case 'ArrowDown':
        moveTo(active + 1, ext);
        break;
      case 'ArrowUp':
        moveTo(active - 1, ext);
        break;
      case 'PageDown':
        moveTo(active + page, ext);
        break;
      case 'PageUp':
        moveTo(active - page, ext);
        break;
      case 'Home':
        moveTo(0, ext);
        break;
      case 'End':
        moveTo(viewLen - 1, ext);
        break;
      case ' ':
        if (!viewLen) return;
        if (k.shiftKey) writeRows(range(anchor, active), ctrl ? 'add' : 'set');
        else {
          anchor = active;
          writeRows([rowAt(active)], 'toggle');
        }
        drawRows();
        break;
      case 'Enter':
        moveTo(active, 'select');
        break;
      case 'Escape':
        sel.clear(me);
        emitter.emit('select', { indices: new Uint32Array(0), count: 0 });
        break;
      case 'a':
      case 'A':
        if (!ctrl || !viewLen) return;
        writeRows(range(0, viewLen - 1), 'add');
        break;
      default:
        return;
    }
    k.preventDefault();
  });
  lc.listen(scroll, 'focus', () => drawRows());
  observeSize(scroll, () => refresh(), lc);

  // ---- first render ----
  bindSelection();
  buildColumns();
  computeView();
  applySort();
  refresh();
  lc.schedule();

  const handle: DataTableHandle = {
    element: root,
    update(partial) {
      lc.assertAlive();
      // Everything that can throw (option checks, reading the data, columns and sort against it) runs before any
      // state changes, so a bad update leaves the table exactly as it was.
      const { options: merged, changed } = dataTableOptions.merge(opts, partial);
      const next = merged as Opts;
      const dataChanged = changed.has('data') || changed.has('columns');
      const read = dataChanged || changed.has('sort') ? readData(next) : null;
      opts = next;
      if (read) ({ table, names, cols, numeric } = read);
      if (changed.has('selection')) bindSelection();
      if (dataChanged) {
        if (changed.has('data')) {
          perm = null;
          sortKey = '';
          active = anchor = 0;
          scroll.scrollTop = 0;
        }
        buildColumns();
      }
      if (dataChanged || changed.has('sort')) applySort();
      if (changed.has('rowHeight') && !dataChanged) buildColumns();
      if (changed.has('format')) slotRow.fill(-1);
      computeView();
      lc.schedule();
    },
    on: (type, fn) => emitter.on(type, fn),
    whenRendered: () => lc.whenRendered().then(() => sortPending ?? undefined),
    destroy: () => lc.destroy(),
    get rowCount() {
      return table.length;
    },
    get viewCount() {
      return viewLen;
    },
    get selectedCount() {
      return countBelow(sel, table.length);
    },
    get sorting() {
      return !!sortPending;
    },
    get visibleRange() {
      return [shown[0], shown[1]] as [number, number];
    },
    rowOrder() {
      const out = new Uint32Array(viewLen);
      for (let p = 0; p < viewLen; p++) out[p] = rowAt(p);
      return out;
    },
    scrollToRow(index) {
      lc.assertAlive();
      if (!(index >>> 0 === index)) throw fail('range', 'index', 'a row index (integer ≥ 0)', describe(index));
      let p = -1;
      if (!view && !perm) p = index < viewLen ? index : -1;
      else for (let q = 0; q < viewLen; q++) if (rowAt(q) === index) { p = q; break; } // prettier-ignore
      if (p >= 0) {
        active = anchor = p;
        scrollToPos(p);
        drawRows();
      }
      return p;
    },
    get listenerCount() {
      return emitter.listenerCount;
    },
  };
  return handle;
}
