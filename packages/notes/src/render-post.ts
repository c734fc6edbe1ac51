/**
 * One post through the markdown pipeline:
 * remark (front matter, GFM, math, the post plugins) → rehype (raw HTML parsed, then sanitized) →
 * figures, KaTeX, highlighting, heading ids and anchors, local images, table of contents.
 * Everything added after `rehype-sanitize` is produced by this package, not copied from the post.
 */
import type { Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import rehypeHighlight from 'rehype-highlight';
import rehypeKatex from 'rehype-katex';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { ComputeFigure } from './figures/compute-figure.js';
import type { FigureCache } from './figures/figure-cache.js';
import { rehypeFragmentLinks } from './plugins/rehype-fragment-links.js';
import { rehypeFigures } from './plugins/rehype-figures.js';
import { type LocalImage, rehypeLocalImages } from './plugins/rehype-local-images.js';
import { rehypeToc, type TocEntry } from './plugins/rehype-toc.js';
import { remarkDisplayMath } from './plugins/remark-display-math.js';
import { remarkLeftOff } from './plugins/remark-left-off.js';
import { remarkPostMeta } from './plugins/remark-post-meta.js';
import { remarkQuotedUrls } from './plugins/remark-quoted-urls.js';
import { sanitizeSchema } from './plugins/sanitize-schema.js';
import type { PostSource } from './post-source.js';

export interface RenderPostOptions {
  rootDir: string;
  cache: FigureCache;
  computeFigure?: ComputeFigure;
  /** Receives warnings (without the post name; the caller adds it). */
  warn: (message: string) => void;
  excerptLength?: number;
}

export interface RenderedPost {
  source: PostSource;
  title: string;
  date?: string;
  tags: string[];
  excerpt: string;
  /** Sanitized body HTML. */
  html: string;
  toc: TocEntry[];
  images: LocalImage[];
}

export async function renderPost(source: PostSource, options: RenderPostOptions): Promise<RenderedPost> {
  const images: LocalImage[] = [];
  const { warn, rootDir } = options;
  const processor = unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(remarkMath)
    .use(remarkPostMeta, { source, warn, excerptLength: options.excerptLength })
    .use(remarkDisplayMath)
    .use(remarkQuotedUrls)
    .use(remarkLeftOff)
    // footnote ids unprefixed here: sanitizing adds the prefix once, rehypeFragmentLinks fixes the links
    .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
    .use(rehypeRaw)
    .use(rehypeSanitize, sanitizeSchema)
    .use(rehypeFragmentLinks)
    .use(rehypeFigures, { source, rootDir, cache: options.cache, computeFigure: options.computeFigure, warn })
    .use(rehypeKatex, { strict: 'ignore' })
    .use(rehypeHighlight, { detect: false, plainText: ['text', 'txt', 'plain', 'math'] })
    .use(rehypeSlug)
    .use(rehypeToc)
    .use(rehypeAutolinkHeadings, {
      behavior: 'append',
      properties: { className: ['heading-anchor'], ariaLabel: 'Link to this section' },
      content: { type: 'text', value: '#' },
    })
    .use(rehypeLocalImages, { source, rootDir, warn, images });
  const file = new VFile({ path: source.file, value: source.markdown });
  const tree = (await processor.run(processor.parse(file), file)) as HastRoot;
  for (const message of file.messages) {
    if (/Cannot highlight as/.test(message.reason)) continue; // unknown language: shown as plain code
    warn(message.reason.split('\n')[0]);
  }
  const meta = file.data.meta!;
  const fallbackTitle = source.relPath.replace(/\.[^.]+$/, '').split('/').pop()!;
  return {
    source,
    title: meta.title || fallbackTitle,
    date: meta.date,
    tags: meta.tags,
    excerpt: meta.excerpt,
    html: toHtml(tree),
    toc: file.data.toc ?? [],
    images,
  };
}
