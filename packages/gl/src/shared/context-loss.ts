// WebGL context loss, handled once for every renderer of the package. A context can be lost at any time (GPU
// reset, driver update, too many live contexts on the page); the browser restores it only when the page asked
// for that by calling preventDefault() on `webglcontextlost`. While lost, nothing may be drawn and every GL
// object is invalid; after `webglcontextrestored` the renderer creates its GL objects again and redraws.

/** What a renderer does when its context goes and comes back. */
export interface ContextLossHandlers {
  /** The context is gone: stop drawing; GL objects are invalid (free only CPU-side references). */
  lost?: () => void;
  /** A new context: recreate GL objects, re-upload the data kept on the CPU, redraw. */
  restored?: () => void;
}

/** What {@link watchContextLoss} returns. */
export interface ContextLossWatch {
  /** True between a loss and the restoration. */
  readonly lost: boolean;
  /** Removes the listeners (idempotent). */
  dispose(): void;
}

/**
 * Listens for the loss and restoration of `canvas`'s WebGL context, asks the browser to restore it, and calls
 * the handlers. Register `dispose` with the component's lifecycle.
 *
 * ```ts
 * const context = watchContextLoss(canvas, { lost: () => renderer.finalize(), restored: () => { renderer.initialize(); schedule(); } });
 * life.own(context.dispose);
 * ```
 */
export function watchContextLoss(canvas: HTMLCanvasElement, handlers: ContextLossHandlers): ContextLossWatch {
  let lost = false;
  let disposed = false;
  const onLost = (event: Event) => {
    // Without preventDefault the browser never restores the context.
    event.preventDefault();
    if (lost) return;
    lost = true;
    handlers.lost?.();
  };
  const onRestored = () => {
    if (!lost) return;
    lost = false;
    handlers.restored?.();
  };
  canvas.addEventListener('webglcontextlost', onLost);
  canvas.addEventListener('webglcontextrestored', onRestored);
  return {
    get lost() {
      return lost;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      canvas.removeEventListener('webglcontextlost', onLost);
      canvas.removeEventListener('webglcontextrestored', onRestored);
    },
  };
}
