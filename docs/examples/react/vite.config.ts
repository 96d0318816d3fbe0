import { defineConfig } from 'vite';

// No React plugin is needed to build: esbuild compiles the JSX (add @vitejs/plugin-react for fast refresh).
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  // The elements' module registers every tensorlens element (WebGL views, the projection worker): one chunk
  // of about 1 MB before gzip, more than Vite's default warning threshold of 500 kB.
  build: { chunkSizeWarningLimit: 1500 },
});
