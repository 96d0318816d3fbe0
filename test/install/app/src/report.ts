// How the page tells scripts/test-install.mjs what happened: one entry per check, 'ok' or 'failed: <why>'.
declare global {
  interface Window {
    tensorlensInstallCheck?: Record<string, string>;
  }
}

export function report(name: string, run: () => Promise<void>): void {
  const results = (window.tensorlensInstallCheck ??= {});
  run().then(
    () => {
      results[name] = 'ok';
    },
    (error: unknown) => {
      results[name] = `failed: ${error instanceof Error ? error.message : String(error)}`;
      console.error(error);
    },
  );
}
