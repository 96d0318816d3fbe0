import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [
    // <tl-…> tags are custom elements, not Vue components.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('tl-') } } }),
  ],
  // The elements' module registers every tensorlens element (WebGL views, the projection worker): one chunk
  // of about 1 MB before gzip, more than Vite's default warning threshold of 500 kB.
  build: { chunkSizeWarningLimit: 1500 },
});
