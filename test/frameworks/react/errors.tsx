// Must NOT typecheck: each line after an `expect-error: <text>` comment has to fail with a message containing
// <text> (scripts/test-frameworks.mjs checks it), and nothing else may fail.
import type {} from '@tensorlens/elements/react';
import type { TlPointCloud } from '@tensorlens/elements';

export const errors = [
  // expect-error: 'normalise' does not exist
  <tl-confusion-matrix normalise="true" />,
  // expect-error: '"rows"' is not assignable
  <tl-confusion-matrix normalization="rows" />,
  // expect-error: 'normalize' does not exist
  <tl-confusion-matrix normalize="true" />,
  // expect-error: '"counts"' is not assignable
  <tl-confusion-matrix cell-text="counts" />,
  // expect-error: '"big"' is not assignable
  <tl-point-cloud size="big" />,
  // expect-error: 'string' is not assignable to type 'boolean
  <tl-confusion-matrix margins="false" />,
  // expect-error: Property 'trueClass' does not exist
  <tl-point-cloud ontl-select={(e) => e.detail.trueClass} />,
  // expect-error: '"3D"' is not assignable
  <tl-point-cloud view="3D" />,
  // expect-error: 'tl-pointcloud' does not exist
  <tl-pointcloud />,
];

// document.querySelector knows the tags (HTMLElementTagNameMap).
export const cloud: TlPointCloud | null = document.querySelector('tl-point-cloud');
// expect-error: 'TlConfusionMatrix | null' is not assignable to type 'TlPointCloud | null'
export const notACloud: TlPointCloud | null = document.querySelector('tl-confusion-matrix');
