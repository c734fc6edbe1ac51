import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBlogExport, parseBlogExport } from '../src/blog-export.js';
import { postsDir } from './snapshot.js';

const file = path.join(postsDir, 'reading-log.txt');
const text = readFileSync(file, 'utf8');

describe('blog export', () => {
  it('is told apart from markdown', () => {
    expect(isBlogExport(text)).toBe(true);
    expect(isBlogExport(readFileSync(path.join(postsDir, 'basin-geometry.md'), 'utf8'))).toBe(false);
    expect(isBlogExport('# HTML\nno other section')).toBe(false);
  });

  it('splits posts on --- and reads title, date, style and collection', () => {
    const posts = parseBlogExport(text, file, 'reading-log.txt');
    expect(posts.map((p) => [p.title, p.date, p.index])).toEqual([
      ['Notes on Sharp and Flat Minima', '2023-03-08', 0],
      ['Short Entry', '2023-03-03', 1],
    ]);
    expect(posts[0].collection).toBe('Reading Log');
    expect(posts[0].tags).toEqual(['Reading Log']);
    expect(posts[0].style).toContain('{color_accent_light}');
    expect(posts[1].markdown).toBe('first entry, just a test\n');
  });

  it('keeps later ## headings inside the post and drops trailing line spaces', () => {
    const [first] = parseBlogExport(text, file, 'reading-log.txt');
    expect(first.markdown).toContain('## Open Questions');
    expect(first.markdown).not.toMatch(/ +\n/);
    expect(first.markdown.startsWith('https://example.org/papers/sharp-flat\n')).toBe(true);
  });

  it('keeps a post whose date line is not a date', () => {
    const posts = parseBlogExport('# Title\nX\n# HTML\n## Only a title\n### not a date\nbody\n', file, 'x.txt');
    expect(posts).toHaveLength(1);
    expect(posts[0].date).toBeUndefined();
    expect(posts[0].markdown).toContain('### not a date');
  });
});
