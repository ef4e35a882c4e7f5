/**
 * A parse-pool thread (src/github/parse-pool.ts): parses the roadmap files it
 * is sent, telling the pool before each file so the pool can hold every file
 * to its time budget, and answers with the roadmap and its approximate size.
 */
import { parentPort } from 'node:worker_threads';
import type { SourceFile } from '../core/model/model.js';
import { parseRoadmap } from '../core/roadmap/roadmap.js';
import { approximateBytes } from './roadmap-size.js';

export interface ParseRequest {
  id: number;
  files: SourceFile[];
  labelPrefix: string;
}

export type ParseMessage =
  | { type: 'ready' }
  | { type: 'file'; id: number; path: string }
  | { type: 'merging'; id: number }
  | { type: 'done'; id: number; roadmap: ReturnType<typeof parseRoadmap>; bytes: number }
  | { type: 'failed'; id: number; message: string };

const port = parentPort;
if (port) {
  port.on('message', ({ id, files, labelPrefix }: ParseRequest) => {
    try {
      let last = '';
      const roadmap = parseRoadmap(files, {
        labelPrefix,
        onFile: (path) => {
          last = path;
          port.postMessage({ type: 'file', id, path } satisfies ParseMessage);
        },
      });
      if (last !== '') port.postMessage({ type: 'merging', id } satisfies ParseMessage);
      port.postMessage({ type: 'done', id, roadmap, bytes: approximateBytes(roadmap) } satisfies ParseMessage);
    } catch (error) {
      port.postMessage({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) } satisfies ParseMessage);
    }
  });
  port.postMessage({ type: 'ready' } satisfies ParseMessage);
}
