/**
 * Bundles the GitHub Action (src/action/main.ts) into ONE self-contained file,
 * dist/index.js, that a runner executes without `npm ci`: ESM for Node 20 and
 * 24, with `require` provided for the CommonJS packages inside. The output
 * depends only on the sources and the locked packages (no timestamps, no
 * absolute paths), so CI can rebuild it and fail on any difference.
 */
import { build } from 'esbuild';

const result = await build({
  entryPoints: ['src/action/main.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  metafile: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

const bytes = Object.values(result.metafile.outputs).reduce((total, output) => total + output.bytes, 0);
console.log(`dist/index.js: ${(bytes / 1024).toFixed(0)} KB`);
