/** The HTML shell every page shares. Pages link with relative URLs, so the site works under any base path. */
import type { ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';

export interface PageLayoutOptions {
  siteTitle: string;
  /** Page title; the site title alone when omitted. */
  title?: string;
  description?: string;
  /** `''` at the site root, `'../../'` for `posts/slug/`. */
  root: string;
  main: ElementContent[];
  /** Scoped post CSS, already escaped. */
  css?: string;
  lang?: string;
}

/**
 * Defense in depth on top of sanitizing: no inline or foreign script, no plugins, no frames.
 * Inline style stays allowed because KaTeX positions glyphs with style attributes.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' https: http: data:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; " +
  "script-src 'self'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'";

export function raw(html: string): ElementContent {
  return { type: 'raw', value: html } as unknown as ElementContent;
}

export function pageLayout(options: PageLayoutOptions): string {
  const { root, siteTitle } = options;
  const head: ElementContent[] = [
    h('meta', { charSet: 'utf-8' }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('meta', { httpEquiv: 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }),
    h('meta', { name: 'referrer', content: 'no-referrer' }),
    h('title', options.title ? `${options.title} · ${siteTitle}` : siteTitle),
  ];
  if (options.description) head.push(h('meta', { name: 'description', content: options.description }));
  head.push(
    h('link', { rel: 'icon', href: 'data:,' }), // no favicon request
    h('link', { rel: 'stylesheet', href: `${root}assets/katex/katex.min.css` }),
    h('link', { rel: 'stylesheet', href: `${root}assets/notes.css` }),
    h('link', { rel: 'alternate', type: 'application/atom+xml', title: siteTitle, href: `${root}feed.xml` }),
  );
  if (options.css) head.push(h('style', { dataSource: 'post' }, raw(options.css)));
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: options.lang ?? 'en' }, [
        h('head', head),
        h('body', [
          h('header', { className: ['site-header'] }, [
            h('a', { className: ['site-title'], href: root || './' }, siteTitle),
            h('nav', { ariaLabel: 'Site' }, [h('a', { href: `${root}tags/` }, 'Tags'), h('a', { href: `${root}feed.xml` }, 'Feed')]),
          ]),
          h('main', { id: 'main' }, options.main),
          h('footer', { className: ['site-footer'] }, [h('p', ['Rendered with @nnll/notes.'])]),
        ]),
      ]),
    ],
  };
  return `${toHtml(tree, { allowDangerousHtml: true })}\n`;
}
