/** The list of post summaries shown on the index and on tag pages. */
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { formatPostDate } from '../dates.js';
import { type SiteModel, type SitePost, tagSlug } from './site-model.js';

export function postMeta(model: SiteModel, post: SitePost, root: string): Element {
  const parts: ElementContent[] = [];
  parts.push(post.date ? h('time', { dateTime: post.date }, formatPostDate(post.date)) : h('span', { className: ['undated'] }, 'undated'));
  if (post.tags.length > 0) {
    parts.push(
      h('ul', { className: ['tags'], ariaLabel: 'Tags' },
        post.tags.map((tag) => h('li', [h('a', { href: `${root}tags/${encodeURIComponent(tagSlug(model, tag))}/`, className: ['tag'] }, tag)]))),
    );
  }
  return h('div', { className: ['post-meta'] }, parts);
}

export function postList(model: SiteModel, posts: SitePost[], root: string): Element {
  return h('ol', { className: ['post-list'] },
    posts.map((post) =>
      h('li', { className: ['post-summary'] }, [
        h('h2', [h('a', { href: `${root}posts/${encodeURIComponent(post.slug)}/` }, post.title)]),
        postMeta(model, post, root),
        post.excerpt ? h('p', { className: ['excerpt'] }, post.excerpt) : h('p', { className: ['excerpt', 'empty'] }, 'No text yet.'),
      ])),
  );
}
