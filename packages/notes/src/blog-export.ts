/**
 * The blog export format: `# Title`, `# Style` and `# HTML` sections; the HTML section holds posts
 * separated by `---` lines, each opening with `## title` and `### date`, followed by markdown.
 */
import { parsePostDate } from './dates.js';
import type { PostSource } from './post-source.js';

const SECTION = /^# (Title|Style|HTML)\s*$/;

/** True when `text` has the export's `# HTML` section header (and so is not plain markdown). */
export function isBlogExport(text: string): boolean {
  return /^# HTML\s*$/m.test(text) && /^# (Title|Style)\s*$/m.test(text);
}

function sections(text: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    const match = SECTION.exec(line);
    if (match) {
      current = [];
      result.set(match[1], current);
    } else if (current) {
      current.push(line);
    }
  }
  return result;
}

/**
 * Splits an export into posts. Trailing whitespace is dropped from every line: the exporter ends each
 * wrapped line with two spaces, which markdown would otherwise turn into hard line breaks.
 */
export function parseBlogExport(text: string, file: string, relPath: string): PostSource[] {
  const parts = sections(text);
  const collection = (parts.get('Title') ?? []).join('\n').trim() || undefined;
  const style = (parts.get('Style') ?? []).join('\n').trim() || undefined;
  const lines = (parts.get('HTML') ?? []).map((line) => line.replace(/\s+$/, ''));
  const chunks: string[][] = [[]];
  for (const line of lines) {
    if (/^---+$/.test(line)) chunks.push([]);
    else chunks[chunks.length - 1].push(line);
  }
  const posts: PostSource[] = [];
  for (const chunk of chunks) {
    while (chunk.length > 0 && chunk[0] === '') chunk.shift();
    if (chunk.every((line) => line === '')) continue;
    let title: string | undefined;
    let date: string | undefined;
    const heading = /^##\s+(.*?)\s*#*$/.exec(chunk[0]);
    if (heading && !chunk[0].startsWith('###')) {
      title = heading[1].trim();
      chunk.shift();
      while (chunk.length > 0 && chunk[0] === '') chunk.shift();
      const dateLine = /^###\s+(.*?)\s*#*$/.exec(chunk[0] ?? '');
      const parsed = dateLine ? parsePostDate(dateLine[1]) : undefined;
      if (parsed) {
        date = parsed;
        chunk.shift();
      }
    }
    posts.push({
      file,
      relPath,
      format: 'blog-export',
      index: posts.length,
      markdown: chunk.join('\n').trim() + '\n',
      title,
      date,
      tags: collection ? [collection] : [],
      style,
      collection,
    });
  }
  return posts;
}
