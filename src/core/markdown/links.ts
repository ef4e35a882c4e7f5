/**
 * The one builder of links to files at a commit: every comment, issue and
 * report the bot writes links roadmap files through here, so a file name is
 * encoded the same way everywhere and cannot end a Markdown link early.
 */
import { escapeLinkText, MAX_USER_TEXT, plainLine } from './escape.js';

/**
 * Percent-encodes each path segment, parentheses included, so any file name
 * stays one URL and cannot end a Markdown link early.
 */
function encodePath(file: string): string {
  return file
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(/[()'!*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

/** `https://github.com/o/r/blob/<sha>/<file>#L<line>`. */
export function blobUrl(repoUrl: string, sha: string, file: string, line?: number): string {
  const anchor = line && line > 0 ? `#L${line}` : '';
  return `${repoUrl.replace(/\/+$/, '')}/blob/${sha}/${encodePath(file)}${anchor}`;
}

/** `markdownText` is already escaped; `url` is one the bot built. */
export function link(markdownText: string, url: string): string {
  return `[${markdownText}](${url})`;
}

/** Past this, a blob URL (a path of thousands of characters) would crowd a row out: the location is shown unlinked. */
const MAX_LINKED_URL = 1_000;

/** `[roadmap/a.md:12](…#L12)`: a location at a commit. */
export function fileLineLink(repoUrl: string, sha: string, file: string, line: number): string {
  const text = escapeLinkText(`${plainLine(file, MAX_USER_TEXT - 10)}:${line}`);
  const url = blobUrl(repoUrl, sha, file, line);
  return url.length <= MAX_LINKED_URL ? link(text, url) : text;
}
