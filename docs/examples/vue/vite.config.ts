import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [
    // <tl-…> tags are custom elements, not Vue components.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('tl-') } } }),
  ],
  // '@tensorlens/elements/define' registers all six elements (WebGL views, the projection worker inlined):
  // with the framework, one chunk of 0.8 to 1 MB (270 to 330 kB gzipped), above Vite's 500 kB warning.
  build: { chunkSizeWarningLimit: 1500 },
});
