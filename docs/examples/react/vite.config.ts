import { defineConfig } from 'vite';

// No React plugin is needed to build: esbuild compiles the JSX (add @vitejs/plugin-react for fast refresh).
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  // '@tensorlens/elements/define' registers all six elements (WebGL views, the projection worker inlined):
  // with the framework, one chunk of 0.8 to 1 MB (270 to 330 kB gzipped), above Vite's 500 kB warning.
  build: { chunkSizeWarningLimit: 1500 },
});
