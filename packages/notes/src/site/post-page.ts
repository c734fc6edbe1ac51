/** `posts/<slug>/index.html`: title, date, tags, table of contents, body, links to neighbours. */
import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import type { TocEntry } from '../plugins/rehype-toc.js';
import { pageLayout, raw } from './page-layout.js';
import { postMeta } from './post-list.js';
import type { SiteModel, SitePost } from './site-model.js';

function tableOfContents(entries: TocEntry[]): ElementContent[] {
  if (entries.length < 2) return [];
  const top = Math.min(...entries.map((entry) => entry.depth));
  return [
    h('nav', { className: ['toc'], ariaLabel: 'Contents' }, [
      h('details', { open: true }, [
        h('summary', 'Contents'),
        h('ol', entries.map((entry) =>
          h('li', { className: [`toc-depth-${entry.depth - top + 1}`] }, [h('a', { href: `#${entry.id}` }, entry.text)]))),
      ]),
    ]),
  ];
}

export function postPage(model: SiteModel, post: SitePost): string {
  const root = '../../';
  const index = model.posts.indexOf(post);
  const newer = model.posts[index - 1];
  const older = model.posts[index + 1];
  const neighbours: ElementContent[] = [];
  if (older) neighbours.push(h('a', { className: ['older'], rel: 'prev', href: `../${encodeURIComponent(older.slug)}/` }, `← ${older.title}`));
  if (newer) neighbours.push(h('a', { className: ['newer'], rel: 'next', href: `../${encodeURIComponent(newer.slug)}/` }, `${newer.title} →`));
  return pageLayout({
    siteTitle: model.title,
    title: post.title,
    description: post.excerpt || undefined,
    root,
    css: post.css,
    main: [
      h('article', { className: ['post'], dataSource: post.source.relPath }, [
        h('header', { className: ['post-header'] }, [h('h1', post.title), postMeta(model, post, root)]),
        ...tableOfContents(post.toc),
        h('div', { className: ['post-body'] }, [raw(post.html)]),
      ]),
      ...(neighbours.length ? [h('nav', { className: ['post-nav'], ariaLabel: 'More posts' }, neighbours)] : []),
    ],
  });
}
