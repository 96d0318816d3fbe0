// Runs before every story test (vitest project `stories`): applies the preview's annotations,
// and fails a story that logs console.error or throws an uncaught error / unhandled rejection.
import { afterEach, beforeEach } from 'vitest';
import { setProjectAnnotations } from '@storybook/html-vite';
import * as previewAnnotations from './preview';

setProjectAnnotations([previewAnnotations]);

const problems: string[] = [];
const originalError = console.error;
const onError = (e: ErrorEvent) => problems.push(`uncaught error: ${e.message}`);
const onRejection = (e: PromiseRejectionEvent) => problems.push(`unhandled rejection: ${String((e.reason as Error)?.stack ?? e.reason)}`);

beforeEach(() => {
  problems.length = 0;
  console.error = (...args: unknown[]) => {
    problems.push(`console.error: ${args.map((a) => (a instanceof Error ? a.stack ?? a.message : String(a))).join(' ')}`);
    originalError.apply(console, args);
  };
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
});

afterEach(async () => {
  // Give pending frames and microtasks a chance to report.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  console.error = originalError;
  window.removeEventListener('error', onError);
  window.removeEventListener('unhandledrejection', onRejection);
  if (problems.length) throw new Error(`The story reported errors:\n${problems.join('\n')}`);
});
