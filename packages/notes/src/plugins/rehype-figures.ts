/**
 * ```` ```nnll ```` blocks become figures. `result PATH` blocks are drawn from the JSON file now.
 * Command blocks are drawn from the figure cache or the caller's `computeFigure`; without either,
 * the page shows a labelled placeholder with the command and the build warns.
 * Runs after sanitizing: the SVG is produced here from validated numbers, not taken from the post.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { ComputeFigure } from '../figures/compute-figure.js';
import type { FigureCache } from '../figures/figure-cache.js';
import { type FigureBlock, parseFigureBlock } from '../figures/figure-block.js';
import { parseFigureData } from '@nnll/landscape';
import { describeResult, renderResult } from '../figures/render-result.js';
import { locateInside } from '../inside-root.js';
import type { PostSource } from '../post-source.js';

export interface FiguresOptions {
  source: PostSource;
  /** The posts folder; result files outside it are refused. */
  rootDir: string;
  cache: FigureCache;
  computeFigure?: ComputeFigure;
  warn: (message: string) => void;
}

export const PENDING_MESSAGE = 'live figure was not computed (computeFigure gave no result); showing the command';

function errorFigure(text: string, message: string): Element {
  return h('figure', { className: ['nnll-figure', 'nnll-figure--error'], dataNnllBlock: 'error' }, [
    h('pre', [h('code', text)]),
    h('figcaption', `Figure could not be drawn: ${message}`),
  ]);
}

function chartFigure(block: FigureBlock, result: unknown, live?: { dir: string }): Element {
  const parsed = parseFigureData(result);
  // The block title goes in the caption: a Plot title would be an <h2> and join the table of contents.
  const svg = renderResult(parsed);
  const chart = fromHtml(svg, { fragment: true, space: 'html' }).children as ElementContent[];
  return h(
    'figure',
    {
      className: ['nnll-figure'],
      dataNnllBlock: block.kind,
      dataNnllCommand: block.kind === 'command' ? block.command : parsed.command,
      dataNnllHash: block.hash.slice(0, 16),
      // what the served page's recompute button needs: the block and the post's folder
      ...(live && block.kind === 'command' ? { dataNnllArgs: JSON.stringify([block.command, ...block.args]), dataNnllDir: live.dir } : {}),
    },
    [
      h('div', { className: ['nnll-chart'] }, chart),
      h('figcaption', block.title ? [h('strong', block.title), ` — ${describeResult(parsed)}`] : describeResult(parsed)),
    ],
  );
}

function pendingFigure(block: FigureBlock & { kind: 'command' }): Element {
  return h(
    'figure',
    {
      className: ['nnll-figure', 'nnll-figure--pending'],
      dataNnllBlock: 'command',
      dataNnllCommand: block.command,
      dataNnllHash: block.hash.slice(0, 16),
    },
    [
      h('div', { className: ['nnll-placeholder'], role: 'img', ariaLabel: `Figure placeholder: nnll ${block.text}` }, [
        h('p', { className: ['nnll-placeholder-label'] }, 'Live figure (not computed yet)'),
        h('pre', [h('code', `nnll ${block.text}`)]),
      ]),
      h('figcaption', 'This figure was not computed by this build; the command above produces it.'),
    ],
  );
}

async function figureFor(code: Element, options: FiguresOptions): Promise<Element> {
  const text = toString(code).trim();
  let block: FigureBlock;
  try {
    block = parseFigureBlock(text);
  } catch (error) {
    options.warn((error as Error).message);
    return errorFigure(text, (error as Error).message);
  }
  if (block.kind === 'result') {
    const file = path.resolve(path.dirname(options.source.file), block.path);
    const where = await locateInside(options.rootDir, file);
    if (where !== 'inside') {
      const message = `result file ${block.path} ${where === 'outside' ? 'is outside the posts folder' : 'not found'}`;
      options.warn(message);
      return errorFigure(text, message);
    }
    try {
      return chartFigure(block, JSON.parse(await readFile(file, 'utf8')));
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      const message = err.code === 'ENOENT' ? `result file ${block.path} not found` : `result file ${block.path}: ${err.message}`;
      options.warn(message);
      return errorFigure(text, message);
    }
  }
  let result = await options.cache.get(block.hash);
  if (result === undefined && options.computeFigure) {
    try {
      result = await options.computeFigure({
        command: block.command,
        args: block.args,
        text: block.text,
        baseDir: path.dirname(options.source.file),
        post: options.source.relPath,
        hash: block.hash,
      });
      if (result !== undefined) {
        parseFigureData(result); // do not cache what cannot be drawn
        await options.cache.set(block.hash, block.text, result);
      }
    } catch (error) {
      const message = `figure \`${block.text}\` failed: ${(error as Error).message}`;
      options.warn(message);
      return errorFigure(text, message);
    }
  }
  if (result === undefined) {
    options.warn(PENDING_MESSAGE);
    return pendingFigure(block);
  }
  try {
    return chartFigure(block, result, { dir: path.posix.dirname(options.source.relPath.split(path.sep).join('/')) });
  } catch (error) {
    const message = `cached figure \`${block.text}\`: ${(error as Error).message}`;
    options.warn(message);
    return errorFigure(text, message);
  }
}

export function rehypeFigures(options: FiguresOptions) {
  return async function renderFigures(tree: Root) {
    const found: { pre: Element; parent: Element | Root; code: Element }[] = [];
    visit(tree, 'element', (node, _index, parent) => {
      if (node.tagName !== 'pre' || !parent) return;
      const code = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code');
      const classes = code?.properties.className;
      if (code && Array.isArray(classes) && classes.includes('language-nnll')) found.push({ pre: node, parent, code });
    });
    for (const { pre, parent, code } of found) {
      const figure = await figureFor(code, options);
      const index = parent.children.indexOf(pre);
      parent.children.splice(index, 1, figure);
    }
  };
}
