/** `index.html`: every post, newest first, with date, tags and excerpt. */
import { h } from 'hastscript';
import { pageLayout } from './page-layout.js';
import { postList } from './post-list.js';
import type { SiteModel } from './site-model.js';

export function indexPage(model: SiteModel): string {
  const root = '';
  return pageLayout({
    siteTitle: model.title,
    description: model.description,
    root,
    main: [
      h('h1', { className: ['page-title'] }, model.title),
      ...(model.description ? [h('p', { className: ['site-description'] }, model.description)] : []),
      model.posts.length > 0 ? postList(model, model.posts, root) : h('p', 'No posts yet.'),
    ],
  });
}
