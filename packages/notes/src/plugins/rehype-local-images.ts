/**
 * Relative images (`./im1.png`) are copied next to the post page under `media/` and their `src`
 * rewritten. A missing image (or one outside the posts folder) is a warning naming the post; the
 * page shows the alt text instead. Remote images stay remote, with their alt text.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { locateInside } from '../inside-root.js';
import type { PostSource } from '../post-source.js';

export interface LocalImage {
  /** Absolute path of the image in the posts folder. */
  from: string;
  /** Path relative to the post's page folder, e.g. `media/3f2a9c1d-im1.png`. */
  to: string;
}

export interface LocalImagesOptions {
  source: PostSource;
  rootDir: string;
  warn: (message: string) => void;
  /** Receives every image to copy. */
  images: LocalImage[];
}

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

function decode(src: string): string {
  try {
    return decodeURIComponent(src.split(/[?#]/)[0]);
  } catch {
    return src;
  }
}

export function rehypeLocalImages(options: LocalImagesOptions) {
  return async function copyLocalImages(tree: Root) {
    const found: { node: Element; parent: Element | Root }[] = [];
    visit(tree, 'element', (node, _index, parent) => {
      if (node.tagName === 'img' && parent) found.push({ node, parent });
    });
    for (const { node, parent } of found) {
      const src = typeof node.properties.src === 'string' ? node.properties.src : '';
      if (REMOTE.test(src)) {
        node.properties.loading = 'lazy';
        node.properties.referrerPolicy = 'no-referrer';
        continue;
      }
      if (!src || src.startsWith('/') || src.startsWith('#')) continue;
      const file = path.resolve(path.dirname(options.source.file), decode(src));
      const where = await locateInside(options.rootDir, file);
      if (where !== 'inside') {
        options.warn(`image ${src} not found${where === 'outside' ? ' (outside the posts folder)' : ''}`);
        const alt = typeof node.properties.alt === 'string' && node.properties.alt ? node.properties.alt : src;
        parent.children.splice(parent.children.indexOf(node), 1, h('span', { className: ['missing-image'], title: src }, `[image: ${alt}]`));
        continue;
      }
      const rel = path.relative(options.rootDir, file).split(path.sep).join('/');
      const digest = createHash('sha256').update(rel).digest('hex').slice(0, 8);
      const to = `media/${digest}-${path.basename(file).replace(/[^\w.-]+/g, '_')}`;
      if (!options.images.some((image) => image.to === to)) options.images.push({ from: file, to });
      node.properties.src = to;
      node.properties.loading = 'lazy';
    }
  };
}
