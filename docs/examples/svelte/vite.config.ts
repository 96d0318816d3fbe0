import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  // '@tensorlens/elements/define' registers all six elements (WebGL views, the projection worker inlined):
  // with the framework, one chunk of 0.8 to 1 MB (270 to 330 kB gzipped), above Vite's 500 kB warning.
  build: { chunkSizeWarningLimit: 1500 },
});
