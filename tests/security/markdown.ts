/** GitHub-flavoured Markdown parsed the way the tests check the bot's output: mdast with GFM (tables, autolinks). */
import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

export function parseGfm(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** Every node of `type` in the tree, in document order. */
export function nodesOf(tree: Nodes, type: string): Nodes[] {
  const found: Nodes[] = tree.type === type ? [tree] : [];
  if ('children' in tree) for (const child of tree.children) found.push(...nodesOf(child, type));
  return found;
}
