// The projector's "Parameters" panel: one collapsible <details> whose body shows the current method's controls —
// t-SNE (perplexity, learning rate, iterations, Re-run), UMAP (neighbours, min-dist, Re-run), PCA (the component
// on each axis, with the variance it explains) and the custom projection's four searches with their match counts.
// Plain DOM: native inputs, selects and buttons, so every control takes keyboard focus.
import { el, type Lifecycle } from '@tensorlens/core';
import type { TsneParams, UmapParams } from '@tensorlens/explain';
import { SIDES, type Side } from './custom-projection';
import type { CustomProjection, ProjectorMethod } from './state';

/** What the panel shows. */
export interface PanelState {
  method: ProjectorMethod;
  dims: 2 | 3;
  tsne: TsneParams | undefined;
  umap: UmapParams | undefined;
  /** PCA: the components drawn and how many can be picked. */
  axes: number[];
  components: number;
  /** PCA: each component's explained variance ratio (null until computed). */
  variance: ArrayLike<number> | null;
  custom: CustomProjection | null;
  matches: Record<Side, number> | null;
}

/** What the panel asks of the projector. */
export interface PanelActions {
  /** Applies options (throws a TensorLensError for bad values, shown by `error`). */
  update(o: { tsne?: TsneParams; umap?: UmapParams; pca?: { axes: number[] }; custom?: CustomProjection | null }): void;
  rerun(): void;
  error(e: unknown): void;
}

export interface ParamsPanel {
  element: HTMLDetailsElement;
  sync(s: PanelState): void;
}

const AXIS_NAMES = ['X', 'Y', 'Z'];
const SIDE_NAMES: Record<Side, string> = { left: 'Left', right: 'Right', up: 'Up', down: 'Down' };

/** Formats a ratio as "7.1 %". */
export const percent = (v: number): string => `${(v * 100).toFixed(1)} %`;

export function createParamsPanel(parent: HTMLElement, life: Lifecycle, actions: PanelActions): ParamsPanel {
  const details = el('details', { class: 'tl-ep-params' }, parent);
  el('summary', { text: 'Parameters' }, details);
  const body = el('div', { class: 'tl-ep-params-body' }, details);
  let state: PanelState | null = null;

  const apply = (f: () => void) => {
    try {
      f();
    } catch (e) {
      actions.error(e);
      if (state) sync(state); // back to the values in force
    }
  };
  const numberInput = (parent: HTMLElement, cls: string, text: string, attrs: Record<string, string | number>) => {
    const label = el('label', { text: `${text} ` }, parent);
    return el('input', { class: cls, type: 'number', ...attrs }, label);
  };
  /** The value of a number input: undefined when empty (the default), else the number typed. */
  const valueOf = (input: HTMLInputElement): number | undefined => (input.value.trim() === '' ? undefined : Number(input.value));
  const without = <T extends object>(o: T | undefined, k: keyof T, v: unknown): T => {
    const out = { ...(o ?? {}) } as T;
    if (v === undefined) delete out[k];
    else (out as Record<keyof T, unknown>)[k] = v;
    return out;
  };

  // ---- t-SNE ----
  const tsneBox = el('fieldset', { class: 'tl-ep-params-tsne' }, body);
  el('legend', { text: 't-SNE' }, tsneBox);
  const perplexity = numberInput(tsneBox, 'tl-ep-perplexity', 'Perplexity', { min: 1, step: 1, placeholder: '30' });
  const learningRate = numberInput(tsneBox, 'tl-ep-learning-rate', 'Learning rate', { min: 1, step: 1, placeholder: 'auto' });
  const iterations = numberInput(tsneBox, 'tl-ep-iterations', 'Iterations', { min: 1, step: 50, placeholder: '500' });
  const tsneRerun = el('button', { class: 'tl-ep-rerun', type: 'button', text: 'Re-run' }, tsneBox);
  life.listen(perplexity, 'change', () => apply(() => actions.update({ tsne: without(state?.tsne, 'perplexity', valueOf(perplexity)) })));
  life.listen(learningRate, 'change', () => apply(() => actions.update({ tsne: without(state?.tsne, 'learningRate', valueOf(learningRate)) })));
  life.listen(iterations, 'change', () => apply(() => actions.update({ tsne: without(state?.tsne, 'iterations', valueOf(iterations)) })));
  life.listen(tsneRerun, 'click', () => actions.rerun());

  // ---- UMAP ----
  const umapBox = el('fieldset', { class: 'tl-ep-params-umap' }, body);
  el('legend', { text: 'UMAP' }, umapBox);
  const neighbors = numberInput(umapBox, 'tl-ep-neighbors-input', 'Neighbours', { min: 2, step: 1, placeholder: '15' });
  const minDist = numberInput(umapBox, 'tl-ep-min-dist', 'Min distance', { min: 0, step: 0.05, placeholder: '0.1' });
  const umapRerun = el('button', { class: 'tl-ep-rerun', type: 'button', text: 'Re-run' }, umapBox);
  life.listen(neighbors, 'change', () => apply(() => actions.update({ umap: without(state?.umap, 'nNeighbors', valueOf(neighbors)) })));
  life.listen(minDist, 'change', () => apply(() => actions.update({ umap: without(state?.umap, 'minDist', valueOf(minDist)) })));
  life.listen(umapRerun, 'click', () => actions.rerun());

  // ---- PCA ----
  const pcaBox = el('fieldset', { class: 'tl-ep-params-pca' }, body);
  el('legend', { text: 'PCA components' }, pcaBox);
  const axisSelects = AXIS_NAMES.map((name, a) => {
    const label = el('label', { text: `${name} ` }, pcaBox);
    const select = el('select', { class: `tl-ep-axis tl-ep-axis-${name.toLowerCase()}`, 'aria-label': `Component on ${name}` }, label);
    life.listen(select, 'change', () =>
      apply(() => {
        if (!state) return;
        const axes = state.axes.slice(0, state.dims);
        const chosen = Number(select.value);
        const other = axes.indexOf(chosen);
        if (other >= 0 && other !== a) axes[other] = axes[a]; // picking a component shown on another axis swaps them
        axes[a] = chosen;
        actions.update({ pca: { axes } });
      }),
    );
    return { label, select };
  });

  // ---- custom ----
  const customBox = el('fieldset', { class: 'tl-ep-params-custom' }, body);
  el('legend', { text: 'Custom axes (searches over the labels)' }, customBox);
  const sideInputs = {} as Record<Side, { input: HTMLInputElement; count: HTMLElement }>;
  for (const side of SIDES) {
    const label = el('label', { text: `${SIDE_NAMES[side]} ` }, customBox);
    const input = el('input', { class: `tl-ep-custom-${side}`, type: 'search', placeholder: 'label or /regex/', autocomplete: 'off' }, label);
    const count = el('span', { class: 'tl-ep-custom-count', 'aria-live': 'polite' }, label);
    sideInputs[side] = { input, count };
    life.listen(input, 'change', () =>
      apply(() => {
        const custom = {} as CustomProjection;
        for (const s of SIDES) custom[s] = sideInputs[s].input.value;
        actions.update({ custom });
      }),
    );
  }

  function sync(s: PanelState): void {
    state = s;
    tsneBox.hidden = s.method !== 'tsne';
    umapBox.hidden = s.method !== 'umap';
    pcaBox.hidden = s.method !== 'pca';
    customBox.hidden = s.method !== 'custom';
    const show = (input: HTMLInputElement, v: unknown) => {
      if (document.activeElement !== input || input.value === '') input.value = typeof v === 'number' ? String(v) : '';
    };
    show(perplexity, s.tsne?.perplexity);
    show(learningRate, s.tsne?.learningRate);
    show(iterations, s.tsne?.iterations);
    show(neighbors, s.umap?.nNeighbors);
    show(minDist, s.umap?.minDist);
    axisSelects.forEach(({ label, select }, a) => {
      label.hidden = a >= s.dims;
      select.replaceChildren();
      for (let c = 0; c < s.components; c++) {
        const v = s.variance?.[c];
        el('option', { value: c, text: v === undefined ? `PC${c + 1}` : `PC${c + 1} · ${percent(v)}` }, select);
      }
      select.value = String(s.axes[a] ?? a);
    });
    for (const side of SIDES) {
      const { input, count } = sideInputs[side];
      if (document.activeElement !== input) input.value = s.custom?.[side] ?? '';
      const m = s.matches?.[side];
      count.textContent = m === undefined ? '' : `${m} match${m === 1 ? '' : 'es'}`;
    }
  }
  return { element: details, sync };
}
