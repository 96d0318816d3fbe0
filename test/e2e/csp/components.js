// Creates the components that have no custom element, from the `tensorlens` global of tensorlens.min.js, as a page
// under a strict Content-Security-Policy would (an external script, no inline code). Which one: <body data-component>.
// The handle goes to window.component, for the test to read.
(() => {
  const { createDataTable, createLayerExplorer, createXYPlot } = window.tensorlens;
  const box = document.getElementById('chart');
  const which = document.body.dataset.component;
  window.componentErrors = [];

  if (which === 'data-table') {
    window.component = createDataTable(box, {
      data: { run: [1, 2, 3, 4], optimizer: ['sgd', 'adam', 'adam', 'sgd'], val_accuracy: [0.81, 0.93, 0.9, 0.77] },
    });
  }

  if (which === 'xy-plot') {
    const n = 400;
    const x = Array.from({ length: n }, (_, i) => Math.cos(i * 0.7) * (1 + i / n));
    const y = Array.from({ length: n }, (_, i) => Math.sin(i * 0.7) * (1 + i / n));
    const group = Array.from({ length: n }, (_, i) => ['a', 'b', 'c'][i % 3]);
    window.component = createXYPlot(box, { data: { x, y, group }, x: 'x', y: 'y', color: 'group' });
  }

  if (which === 'layer-explorer') {
    // A tensor as the explorer reads it (shape, dtype, data()), and two layers written as plain functions.
    const tensor = (values, shape) => ({ shape, dtype: 'float32', values, data: async () => values, dispose() {} });
    const input = tensor(Float32Array.from({ length: 8 * 8 }, (_, i) => ((i % 8) + Math.floor(i / 8)) / 14), [1, 8, 8, 1]);
    const edges = (t) => {
      const v = t.values;
      const out = new Float32Array(8 * 8 * 2);
      for (let i = 0; i < 64; i++) {
        out[i * 2] = v[i] - (v[i - 1] ?? 0);
        out[i * 2 + 1] = v[i] - (v[i - 8] ?? 0);
      }
      return tensor(out, [1, 8, 8, 2]);
    };
    const logits = () => tensor(Float32Array.of(0.2, 1.5, -0.4), [1, 3]);
    window.component = createLayerExplorer(box, {
      model: [
        { name: 'edges', fn: edges },
        { name: 'logits', fn: logits },
      ],
      input,
      classes: ['cat', 'dog', 'bird'],
    });
  }
  window.component?.on('error', (e) => window.componentErrors.push(e.error));
})();
