// SPDX-License-Identifier: AGPL-3.0-or-later
// A Vite plugin that writes a gzip copy (name.gz) beside each text file of
// the build, once, at the highest level: ricsd sends it to browsers that
// accept gzip (src/http/api_ui.c), so a BCP on a slow link loads the UI in
// a third of the bytes and ricsd compresses nothing at run time.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const TEXT = /\.(html|js|css|json|svg|txt)$/;
const MIN_BYTES = 1024; // below this the headers cost more than gzip saves

export function gzipCopies(): Plugin {
  return {
    name: 'rics-gzip',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const name of Object.keys(bundle).filter((n) => TEXT.test(n))) {
        const file = path.join(options.dir!, name);
        const data = readFileSync(file);
        if (data.length < MIN_BYTES) continue;
        writeFileSync(file + '.gz', gzipSync(data, { level: constants.Z_BEST_COMPRESSION }));
      }
    },
  };
}
