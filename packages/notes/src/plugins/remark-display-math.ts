/**
 * `$$…$$` written on one line parses as inline math. When it stands alone in its paragraph the
 * author meant a displayed equation, so the paragraph becomes a math block (rendered in display mode).
 */
import type { Paragraph, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

export function remarkDisplayMath() {
  return function displayLoneMath(tree: Root, file: VFile) {
    const source = String(file.value);
    visit(tree, 'paragraph', (node: Paragraph, index, parent) => {
      if (!parent || index === undefined) return;
      const kept = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
      if (kept.length !== 1 || kept[0].type !== 'inlineMath') return;
      const start = kept[0].position?.start.offset;
      if (start === undefined || source.slice(start, start + 2) !== '$$') return;
      const value = kept[0].value;
      const code = {
        type: 'element' as const,
        tagName: 'code',
        properties: { className: ['language-math', 'math-display'] },
        children: [{ type: 'text' as const, value }],
      };
      // same shape as mdast-util-math gives a `$$` block
      parent.children.splice(index, 1, { type: 'math', value, position: node.position, data: { hName: 'pre', hChildren: [code] } });
    });
  };
}
