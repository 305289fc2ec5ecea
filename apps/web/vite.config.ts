import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The editor is a single-page app; in development the API server runs beside it on port 3000. */
const apiServer = process.env.STAGECRAFT_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    port: 5173,
    proxy: {
      '/api': apiServer,
      '/v1': apiServer,
      '/health': apiServer,
    },
  },
});
