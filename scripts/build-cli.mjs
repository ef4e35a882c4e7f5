/**
 * Bundles the command line after `tsc`, so `roadmap-bot check` starts in a
 * few files instead of hundreds (ESM loading of micromark, zod, yaml and our
 * own modules was most of its start-up). Two entries replace their tsc
 * output in place: build/cli/main.js (what bin/roadmap-bot.js imports) and
 * build/github/parse-worker.js (the parse pool's thread). Code splitting
 * keeps each command's code in its own chunk (build/cli/chunks/), loaded when
 * the command runs: `check` never loads the server's code.
 *
 * Packages the bundle must not or need not hold stay external, installed as
 * runtime dependencies: the server's stack (Probot, pino and its transports,
 * which start threads from file paths; BullMQ, ioredis), Octokit and GraphQL
 * (large, and loaded only by `serve`, `review`, `weekly` and `demo`).
 *
 * In a bundle every module would see the chunk's `import.meta.url`, so each
 * one gets the URL of its own tsc output instead (build/<dir>/<name>.js):
 * whatever a module finds relative to itself (the example roadmap, the parse
 * worker, a package through createRequire) it finds the same way from src/
 * under tsx or vitest, from the tsc output and from the bundle.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = path.join(ROOT, 'src');
/** build/ by default; a test builds into a folder of its own (`node scripts/build-cli.mjs DIR`). */
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'build'));
const CHUNKS = 'cli/chunks';
/** Replaced, in each output file, by the path from that file's folder to build/. */
const BUILD_ROOT = '__ROADMAP_BOT_BUILD_ROOT__';

const EXTERNAL = ['probot', '@probot/*', 'pino', 'pino-*', 'bullmq', 'ioredis', '@octokit/*', 'graphql'];

/** `import.meta.url` in a source module becomes the URL of that module's tsc output. */
const ownModuleUrl = {
  name: 'own-module-url',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async ({ path: file }) => {
      const contents = await readFile(file, 'utf8');
      if (!file.startsWith(SOURCE + path.sep) || !contents.includes('import.meta.url')) return { contents, loader: 'ts' };
      const compiled = path.relative(SOURCE, file).replace(/\.ts$/, '.js').split(path.sep).join('/');
      const url = `new URL(${JSON.stringify(`${BUILD_ROOT}/${compiled}`)}, import.meta.url).href`;
      return { contents: contents.replace(/\bimport\.meta\.url\b/g, url), loader: 'ts' };
    });
  },
};

await rm(path.join(OUT, CHUNKS), { recursive: true, force: true });
const result = await build({
  entryPoints: { 'cli/main': 'src/cli/main.ts', 'github/parse-worker': 'src/github/parse-worker.ts' },
  absWorkingDir: ROOT,
  outdir: OUT,
  chunkNames: `${CHUNKS}/[name]-[hash]`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  plugins: [ownModuleUrl],
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
  write: false,
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

for (const output of result.outputFiles) {
  const root = path.relative(path.dirname(output.path), OUT).split(path.sep).join('/') || '.';
  const text = output.path.endsWith('.js') ? output.text.replaceAll(BUILD_ROOT, root) : output.text;
  await mkdir(path.dirname(output.path), { recursive: true });
  await writeFile(output.path, text);
}
