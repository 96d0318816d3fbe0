import { useState } from 'react';
import '@tensorlens/elements/define'; // registers <tl-confusion-matrix>, <tl-point-cloud>, …
import type {} from '@tensorlens/elements/react'; // types them in JSX
import type { TlConfusionMatrixEvents } from '@tensorlens/elements';
import predictions from '../../article-predictions.csv?url';
import embedding from '../../article-embedding.csv?url';

export function App() {
  const [picked, setPicked] = useState('Click a cell of the matrix.');

  function onSelect(event: TlConfusionMatrixEvents['tl-select']) {
    const { count, trueClass, predClass } = event.detail;
    setPicked(`${count} digits: true ${trueClass}, predicted ${predClass}`);
  }

  return (
    <main>
      <h1>Digits: predictions and embedding</h1>
      <tl-confusion-matrix
        src={predictions}
        normalization="true"
        selection="digits"
        confused-pairs={3}
        chart-title="A small MLP on 2000 MNIST test digits"
        ontl-select={onSelect}
      />
      <p role="status">{picked}</p>
      <tl-point-cloud
        src={embedding}
        selection="digits"
        color="label"
        tooltip-fields="label,predicted,correct"
        style={{ height: 400 }}
      />
    </main>
  );
}
