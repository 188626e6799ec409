import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { firstPageChunks, keepOutOfTheBrowser, mantineCssPerComponent, precompressAndMeasure, webCatalogue } from './scripts/vite-plugins.ts';

const catalogue = webCatalogue({ serverOnly: ['mail'] });
const firstPages = firstPageChunks({ pages: { 'login-page': 'sign-in', 'home-page': 'home' }, many: 10, priority: 1 });

// The server serves dist/web with an SPA fallback; the dev server proxies the API to it.
export default defineConfig({
  plugins: [
    mantineCssPerComponent(),
    firstPages,
    catalogue,
    react(),
    keepOutOfTheBrowser({
      // zod validates requests on the server; the browser takes the contract's types with `import
      // type` and its plain values from the zod-free `*-values.ts` files.
      zod: "take the contract's types with `import type` and its values from a zod-free file",
      // Only the ICU parser uses it: the build compiles the messages, the browser only formats them.
      '@formatjs/icu-skeleton-parser': 'messages are compiled at build time; format them with intl-messageformat, never parse them in the browser',
    }),
    precompressAndMeasure({ catalogueParts: catalogue.partsOf, parents: { 'child-': 'child-page', 'admin-': 'admin-page' } }),
  ],
  publicDir: 'public',
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    sourcemap: false,
    manifest: true,
    // Every script comes from a file: the production CSP allows no inline script.
    assetsInlineLimit: 0,
    // The first-load chunk is large on purpose (one request instead of dozens); its compressed size
    // is what counts, and the build prints it.
    chunkSizeWarningLimit: 600,
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        // Few, larger files: everything the first page needs in one chunk beside the entry, and the
        // code later pages share in a handful of chunks rather than one file per component.
        codeSplitting: {
          groups: [
            { name: 'app', tags: ['$initial'], priority: 3 },
            // The icons later pages use, in one file: a page drawing twenty icons fetches one file
            // of 7 KB rather than twenty of a few hundred bytes each (a phone pays a round trip per file).
            { name: 'icons', test: /@tabler[\\/]icons-react/, priority: 2 },
            // What the sign-in page and the home page share with other pages, in a few chunks by
            // which of the two use it and by how many pages do: either page fetches four or five
            // files after the shell rather than fifty of a few KB each.
            ...firstPages.groups,
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
