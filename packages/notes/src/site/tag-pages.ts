/** `tags/index.html` (every tag with its count) and `tags/<slug>/index.html` (the tag's posts). */
import { h } from 'hastscript';
import { pageLayout } from './page-layout.js';
import { postList } from './post-list.js';
import type { SiteModel, SiteTag } from './site-model.js';

export function tagIndexPage(model: SiteModel): string {
  const root = '../';
  return pageLayout({
    siteTitle: model.title,
    title: 'Tags',
    root,
    main: [
      h('h1', { className: ['page-title'] }, 'Tags'),
      model.tags.length === 0
        ? h('p', 'No tags yet.')
        : h('ul', { className: ['tag-index'] },
            model.tags.map((tag) =>
              h('li', [h('a', { className: ['tag'], href: `${encodeURIComponent(tag.slug)}/` }, tag.name), ` (${tag.posts.length})`]))),
    ],
  });
}

export function tagPage(model: SiteModel, tag: SiteTag): string {
  const root = '../../';
  return pageLayout({
    siteTitle: model.title,
    title: `Tagged “${tag.name}”`,
    root,
    main: [h('h1', { className: ['page-title'] }, `Tagged “${tag.name}”`), postList(model, tag.posts, root)],
  });
}
