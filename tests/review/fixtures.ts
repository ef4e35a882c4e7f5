/**
 * Original roadmap fixtures for the review tests (the clock is 2025-06-01):
 * a top goal requiring a group that requires another, each with a status
 * quo and targets, so one edit at a time shows one kind of drift.
 */
export type Files = Record<string, string>;

export function page(options: {
  id?: string;
  title: string;
  requires?: string[];
  statusQuo?: [string, string];
  targets?: string[];
  items?: string[];
}): string {
  const front = [...(options.id ? [`id: ${options.id}`] : []), ...(options.requires ? [`requires: [${options.requires.join(', ')}]`] : [])];
  return [
    ...(front.length > 0 ? ['---', ...front, '---'] : []),
    `# ${options.title}`,
    '',
    ...(options.statusQuo ? [`## Status quo as of ${options.statusQuo[0]}`, '', options.statusQuo[1], ''] : []),
    ...(options.targets ?? []).flatMap((by) => [`## Where we want to be by ${by}`, '', `What we have by ${by}.`, '']),
    ...(options.items && options.items.length > 0 ? ['## Work', '', ...options.items, ''] : []),
  ].join('\n');
}

export const BASE: Files = {
  'README.md': '# Hello World\n',
  'roadmap/async.md': page({
    id: 'async',
    title: '🎯 Async Rust is delightful',
    requires: ['async-drop'],
    statusQuo: ['May 2025', 'Writing async code still means fighting the borrow checker.'],
    targets: ['end of 2025'],
  }),
  'roadmap/async-drop.md': page({
    title: 'Async drop',
    requires: ['executor'],
    statusQuo: ['2025-05', 'Resources are released synchronously.'],
    targets: ['March 2025', 'Q3 2025'],
    items: ['- [ ] Design async drop `implementation` (#12)', '- [ ] Write the RFC `design`'],
  }),
  'roadmap/executor.md': page({
    title: 'Executor traits',
    statusQuo: ['April 2025', 'Every runtime has its own spawn function.'],
    targets: ['2025-08-15'],
  }),
};

/** `BASE` with some files replaced (a null removes the file). */
export function edit(files: Files, changes: Record<string, string | null>): Files {
  const edited = { ...files };
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) delete edited[path];
    else edited[path] = text;
  }
  return edited;
}
