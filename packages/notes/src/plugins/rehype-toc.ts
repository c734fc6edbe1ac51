/** Collects the post's headings (after rehype-slug gave them ids) into `file.data.toc`. */
import type { Root } from 'hast';
import { toString } from 'hast-util-to-string';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';

export interface TocEntry {
  depth: number;
  id: string;
  text: string;
}

export function rehypeToc() {
  return function collectToc(tree: Root, file: VFile) {
    const entries: TocEntry[] = [];
    visit(tree, 'element', (node) => {
      const match = /^h([1-6])$/.exec(node.tagName);
      if (!match || typeof node.properties.id !== 'string') return;
      const text = toString(node).trim();
      if (text) entries.push({ depth: Number(match[1]), id: node.properties.id, text });
    });
    const top = Math.min(...entries.map((entry) => entry.depth));
    file.data.toc = entries.filter((entry) => entry.depth <= top + 2);
  };
}

declare module 'vfile' {
  interface DataMap {
    toc: TocEntry[];
  }
}
