import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/web with an SPA fallback; the dev server proxies the API to it.
export default defineConfig({
  plugins: [react()],
  publicDir: 'public',
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    sourcemap: false,
    // Every script comes from a file: the production CSP allows no inline script.
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
