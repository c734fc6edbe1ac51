/**
 * "Left off" markers: a paragraph such as `LEFT OFF AT: …` or `__left off at …_` records where the
 * author stopped reading. It is rendered as a marked aside (`<p class="left-off">`) instead of a
 * paragraph with stray underscores.
 */
import type { Paragraph, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';

const MARKER = /^[_*\s]*(left off\b.*?)[_*\s]*$/is;

export function remarkLeftOff() {
  return function markLeftOff(tree: Root) {
    visit(tree, 'paragraph', (node: Paragraph) => {
      const match = MARKER.exec(toString(node));
      if (!match) return;
      const text = match[1].replace(/\s+/g, ' ').trim();
      node.children = [{ type: 'text', value: text }];
      node.data = { ...node.data, hProperties: { className: ['left-off'] } };
    });
  };
}
