/**
 * Reads a post's metadata from its markdown tree and removes what the page shows elsewhere:
 * YAML front matter (`title`, `date`, `tags`), the title heading and a trailing "Tags" section.
 * Computes the excerpt from what remains. The result goes to `file.data.meta`.
 */
import type { Heading, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { parse as parseYaml } from 'yaml';
import { parsePostDate } from '../dates.js';
import type { PostSource } from '../post-source.js';

export interface PostMeta {
  title?: string;
  date?: string;
  tags: string[];
  excerpt: string;
}

export interface PostMetaOptions {
  source: PostSource;
  /** Characters kept in the excerpt (default 200). */
  excerptLength?: number;
  warn: (message: string) => void;
}

const URL_ONLY = /^(?:<?https?:\/\/\S+>?\s*)+$/;

function splitTags(value: string): string[] {
  return value.split(/[,\n]|\s#/).map((tag) => tag.trim().replace(/^#/, '').trim()).filter(Boolean);
}

function frontMatter(tree: Root, meta: PostMeta, warn: (message: string) => void): void {
  const index = tree.children.findIndex((node) => node.type === 'yaml');
  if (index < 0) return;
  const node = tree.children[index] as { value: string };
  tree.children.splice(index, 1);
  let data: unknown;
  try {
    data = parseYaml(node.value);
  } catch (error) {
    warn(`front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    return;
  }
  if (data === null || data === undefined) return;
  if (typeof data !== 'object' || Array.isArray(data)) {
    warn('front matter must be a mapping of title, date and tags');
    return;
  }
  const { title, date, tags } = data as Record<string, unknown>;
  if (typeof title === 'string' || typeof title === 'number') meta.title = String(title).trim();
  else if (title !== undefined) warn(`front matter title must be text, got ${JSON.stringify(title)}`);
  if (date !== undefined) {
    const text = date instanceof Date ? date.toISOString() : String(date);
    meta.date = parsePostDate(text);
    if (!meta.date) warn(`front matter date is not a date: ${JSON.stringify(date)}`);
  }
  if (typeof tags === 'string') meta.tags.push(...splitTags(tags));
  else if (Array.isArray(tags)) meta.tags.push(...tags.map((tag) => String(tag).trim()).filter(Boolean));
  else if (tags !== undefined) warn(`front matter tags must be a list, got ${JSON.stringify(tags)}`);
}

/** Removes the section under a heading named "Tags" and returns its words. */
function tagsSection(tree: Root): string[] {
  const start = tree.children.findIndex(
    (node) => node.type === 'heading' && /^tags?\s*:?$/i.test(toString(node).trim()),
  );
  if (start < 0) return [];
  const depth = (tree.children[start] as Heading).depth;
  let end = start + 1;
  while (end < tree.children.length) {
    const node = tree.children[end];
    if (node.type === 'heading' && node.depth <= depth) break;
    end++;
  }
  const removed = tree.children.splice(start, end - start).slice(1);
  const tags: string[] = [];
  for (const node of removed) {
    if (node.type === 'list') for (const item of node.children) tags.push(...splitTags(toString(item)));
    else tags.push(...splitTags(toString(node)));
  }
  return tags;
}

/** Front matter, then the first `#` heading (removed), then the first heading, then a short first line. */
function findTitle(tree: Root): string | undefined {
  const h1 = tree.children.findIndex((node) => node.type === 'heading' && node.depth === 1);
  if (h1 >= 0) {
    const title = toString(tree.children[h1]).trim();
    tree.children.splice(h1, 1);
    if (title) return title;
  }
  const heading = tree.children.find((node) => node.type === 'heading' && toString(node).trim());
  if (heading) return toString(heading).trim();
  const first = tree.children.find((node) => node.type === 'paragraph');
  const text = first ? toString(first).trim().split('\n')[0].trim() : '';
  if (text && text.length <= 120 && !URL_ONLY.test(text)) return text;
  return undefined;
}

/** Plain text of a node without math, code or raw HTML. */
function plainText(node: RootContent): string {
  if (node.type === 'inlineMath' || node.type === 'math' || node.type === 'code' || node.type === 'html') return '';
  if (node.type === 'inlineCode' || node.type === 'text') return node.value;
  if (node.type === 'image') return '';
  if ('children' in node) return (node.children as RootContent[]).map(plainText).join(node.type === 'list' || node.type === 'listItem' ? ' ' : '');
  return '';
}

export function makeExcerpt(tree: Root, length: number): string {
  let text = '';
  for (const node of tree.children) {
    if (text.length >= length) break;
    if (node.type !== 'paragraph' && node.type !== 'list' && node.type !== 'blockquote' && node.type !== 'table') continue;
    const chunk = plainText(node).replace(/([_=*~-])\1{3,}/g, ' ').replace(/\s+/g, ' ').trim();
    if (!chunk || URL_ONLY.test(chunk) || /^left off\b/i.test(chunk)) continue;
    text += (text ? ' ' : '') + chunk;
  }
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${(space > length * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

export function remarkPostMeta(options: PostMetaOptions) {
  const { source, warn } = options;
  const excerptLength = options.excerptLength ?? 200;
  return function readPostMeta(tree: Root, file: VFile) {
    const meta: PostMeta = { title: source.title, date: source.date, tags: [...source.tags], excerpt: '' };
    frontMatter(tree, meta, warn);
    meta.tags.push(...tagsSection(tree));
    if (!meta.title) meta.title = findTitle(tree);
    if (!meta.date && source.format === 'markdown') {
      const line = /^\s*date\s*:\s*(.+)$/im.exec(source.markdown.split('\n').slice(0, 30).join('\n'));
      if (line) meta.date = parsePostDate(line[1].replace(/\s*(UTC|GMT|Z)?\s*(\(.*\))?\s*$/, ''));
    }
    const seen = new Set<string>();
    meta.tags = meta.tags.filter((tag) => {
      const key = tag.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    meta.excerpt = makeExcerpt(tree, excerptLength);
    file.data.meta = meta;
  };
}

declare module 'vfile' {
  interface DataMap {
    meta: PostMeta;
  }
}
