/** The rendered posts arranged as a site: slugs, order, tags. */
import GithubSlugger from 'github-slugger';
import type { RenderedPost } from '../render-post.js';

export interface SitePost extends RenderedPost {
  slug: string;
  /** Post style, already scoped and escaped (see post-style.ts). */
  css?: string;
}

export interface SiteTag {
  name: string;
  slug: string;
  posts: SitePost[];
}

export interface SiteModel {
  title: string;
  description?: string;
  /** Newest first; undated posts last, by title. */
  posts: SitePost[];
  /** By name, case-insensitively. */
  tags: SiteTag[];
}

/** Newest first; undated after dated; then title, then file and position for a stable order. */
export function comparePosts(a: RenderedPost, b: RenderedPost): number {
  if (a.date !== b.date) {
    if (!a.date) return 1;
    if (!b.date) return -1;
    return a.date < b.date ? 1 : -1;
  }
  const byTitle = a.title.localeCompare(b.title, 'en');
  if (byTitle !== 0) return byTitle;
  if (a.source.relPath !== b.source.relPath) return a.source.relPath < b.source.relPath ? -1 : 1;
  return a.source.index - b.source.index;
}

export function slugFor(slugger: GithubSlugger, text: string, fallback: string): string {
  const base = text.normalize('NFC').slice(0, 80);
  const slug = slugger.slug(base).replace(/^-+|-+$/g, '');
  return slug && !/^-+$/.test(slug) ? slug : slugger.slug(fallback);
}

export function buildSiteModel(posts: (RenderedPost & { css?: string })[], title: string, description?: string): SiteModel {
  const sorted = [...posts].sort(comparePosts);
  // Slugs are given in file order, so adding a newer post never renames an older one.
  const byFile = [...sorted].sort((a, b) =>
    a.source.relPath === b.source.relPath ? a.source.index - b.source.index : a.source.relPath < b.source.relPath ? -1 : 1,
  );
  const slugger = new GithubSlugger();
  const slugs = new Map<RenderedPost, string>();
  for (const post of byFile) slugs.set(post, slugFor(slugger, post.title, 'post'));
  const sitePosts: SitePost[] = sorted.map((post) => ({ ...post, slug: slugs.get(post)! }));
  const tagMap = new Map<string, SiteTag>();
  const tagSlugger = new GithubSlugger();
  for (const post of sitePosts) {
    for (const name of post.tags) {
      const key = name.toLowerCase();
      let tag = tagMap.get(key);
      if (!tag) {
        tag = { name, slug: '', posts: [] };
        tagMap.set(key, tag);
      }
      tag.posts.push(post);
    }
  }
  const tags = [...tagMap.values()].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase(), 'en'));
  for (const tag of tags) tag.slug = slugFor(tagSlugger, tag.name, 'tag');
  return { title, description, posts: sitePosts, tags };
}

export function tagSlug(model: SiteModel, name: string): string {
  return model.tags.find((tag) => tag.name.toLowerCase() === name.toLowerCase())!.slug;
}
