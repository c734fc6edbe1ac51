/** Finds post files under the posts folder and splits them into {@link PostSource}s. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isBlogExport, parseBlogExport } from './blog-export.js';
import type { PostSource } from './post-source.js';

/** File extensions read as posts. */
export const POST_EXTENSIONS = ['.md', '.markdown', '.txt'];

/** Skipped while walking: dot folders, dependencies and any folder listed in `exclude` (absolute). */
async function walk(dir: string, exclude: Set<string>, files: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!exclude.has(full)) await walk(full, exclude, files);
    } else if (entry.isFile() && POST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) {
      files.push(full);
    }
  }
}

export async function discoverPosts(dir: string, exclude: string[] = []): Promise<PostSource[]> {
  const files: string[] = [];
  await walk(dir, new Set(exclude.map((p) => path.resolve(p))), files);
  const posts: PostSource[] = [];
  for (const file of files) {
    const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    const relPath = path.relative(dir, file).split(path.sep).join('/');
    if (/^readme\.md$/i.test(relPath)) continue; // a folder's README describes the folder, not a post
    if (isBlogExport(text)) posts.push(...parseBlogExport(text, file, relPath));
    else posts.push({ file, relPath, format: 'markdown', index: 0, markdown: text, tags: [] });
  }
  return posts;
}
