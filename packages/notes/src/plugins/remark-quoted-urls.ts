/**
 * The blog export writes images as `![alt]("https://…")`. CommonMark reads the quotes as part of the
 * destination, so the URL would become `%22https://…%22`; this strips one pair of matching quotes.
 */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';

const QUOTED = /^\s*(["'\u201c\u2018])(.*)(["'\u201d\u2019])\s*$/s;

export function remarkQuotedUrls() {
  return function unquoteUrls(tree: Root) {
    visit(tree, (node) => {
      if (node.type !== 'image' && node.type !== 'link' && node.type !== 'definition') return;
      const match = QUOTED.exec(node.url);
      if (match) node.url = match[2].trim();
    });
  };
}
