import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// Test-only fault switches are compiled in only when FROST_TEST_FAULTS=1 (e2e builds);
// production builds replace the flag with `false` and the bundler drops the code.
const testFaults = process.env.FROST_TEST_FAULTS === '1';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  define: {
    __TEST_FAULTS__: JSON.stringify(testFaults),
  },
  build: {
    outDir: process.env.FROST_OUT_DIR ?? 'dist',
    sourcemap: false,
  },
});
