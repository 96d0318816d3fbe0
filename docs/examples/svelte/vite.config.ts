import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  // The elements' module registers every tensorlens element (WebGL views, the projection worker): one chunk
  // of about 1 MB before gzip, more than Vite's default warning threshold of 500 kB.
  build: { chunkSizeWarningLimit: 1500 },
});
