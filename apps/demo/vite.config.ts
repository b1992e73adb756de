import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The 3D viewer (model-viewer + three.js) is its own lazily loaded chunk of about 1.4 MB.
    chunkSizeWarningLimit: 1600,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:4320' } },
});
