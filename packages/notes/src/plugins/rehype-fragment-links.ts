/**
 * Sanitizing prefixes every `id` and `name` from the post with `user-content-` (so a post cannot
 * clobber globals such as `document.currentScript`), but leaves `href="#x"` alone. This points such
 * in-page links at the prefixed target, which keeps footnotes and hand-written anchors working.
 */
import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

export const CLOBBER_PREFIX = 'user-content-';

export function rehypeFragmentLinks() {
  return function fixFragmentLinks(tree: Root) {
    const ids = new Set<string>();
    visit(tree, 'element', (node) => {
      for (const key of ['id', 'name'] as const) {
        const value = node.properties[key];
        if (typeof value === 'string') ids.add(value);
      }
    });
    visit(tree, 'element', (node) => {
      const href = node.properties.href;
      if (node.tagName !== 'a' || typeof href !== 'string' || !href.startsWith('#')) return;
      let target: string;
      try {
        target = decodeURIComponent(href.slice(1));
      } catch {
        return;
      }
      if (!ids.has(target) && ids.has(CLOBBER_PREFIX + target)) node.properties.href = `#${CLOBBER_PREFIX}${target}`;
    });
  };
}
