/**
 * `feed.xml` (Atom, RFC 4287). Without `siteUrl`, links are relative to the feed's own address,
 * which is where the site is served from, so the feed works under any base path.
 */
import type { SiteModel } from './site-model.js';

export interface AtomFeedOptions {
  /** Absolute URL the site is published at, e.g. `https://example.org/notes/` (default: relative links). */
  siteUrl?: string;
  /** Feed author (default: the site title). */
  author?: string;
  /** Timestamp for undated posts and an empty feed (default: now). */
  now: Date;
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    // characters XML 1.0 cannot hold at all
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

export function atomFeed(model: SiteModel, options: AtomFeedOptions): string {
  const base = options.siteUrl ?? '';
  const stamp = (date?: string) => (date ? `${date}T00:00:00Z` : options.now.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  const updated = model.posts.find((post) => post.date)?.date;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${xml(model.title)}</title>`,
    ...(model.description ? [`  <subtitle>${xml(model.description)}</subtitle>`] : []),
    `  <id>${xml(options.siteUrl ?? `urn:nnll-notes:${encodeURIComponent(model.title)}`)}</id>`,
    `  <link rel="alternate" type="text/html" href="${xml(base || './')}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(`${base}feed.xml`)}"/>`,
    `  <updated>${stamp(updated)}</updated>`,
    `  <author><name>${xml(options.author ?? model.title)}</name></author>`,
    '  <generator>@nnll/notes</generator>',
  ];
  for (const post of model.posts) {
    const href = `posts/${encodeURIComponent(post.slug)}/`;
    lines.push(
      '  <entry>',
      `    <title>${xml(post.title)}</title>`,
      `    <id>${xml(options.siteUrl ? `${base}${href}` : `urn:nnll-notes:post:${encodeURIComponent(post.slug)}`)}</id>`,
      `    <link rel="alternate" type="text/html" href="${xml(`${base}${href}`)}"/>`,
      `    <updated>${stamp(post.date)}</updated>`,
      ...post.tags.map((tag) => `    <category term="${xml(tag)}"/>`),
      ...(post.excerpt ? [`    <summary>${xml(post.excerpt)}</summary>`] : []),
      `    <content type="html" xml:base="${xml(`${base}${href}`)}">${xml(post.html)}</content>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
