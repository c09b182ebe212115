// SPDX-License-Identifier: AGPL-3.0-or-later
// The UI is served by ricsd under /ui/ from one flat directory: every file
// is one path segment there, which is what lets ricsd refuse any other path.
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { gzipCopies } from './gzip-build';
import { ricsMap } from './map-build';

export default defineConfig({
  plugins: [preact(), ricsMap(), gzipCopies()],
  base: '/ui/',
  build: { outDir: 'dist', assetsDir: '', emptyOutDir: true },
});
