/**
 * The text of a ```` ```nnll ```` block. Either `result PATH` (a result JSON file, relative to the
 * post) or an `nnll` command such as `surface --model m.onnx --data mnist --x -1:1:21`, which needs
 * the numerics library to compute. A leading `nnll` word is allowed and ignored.
 */
import { createHash } from 'node:crypto';

export type FigureBlock =
  | { kind: 'result'; path: string; title?: string; text: string; hash: string }
  | { kind: 'command'; command: string; args: string[]; title?: string; text: string; hash: string };

/** Shell-like words: whitespace separates, single and double quotes group, `\` escapes. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote = '';
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (c === '\\' && i + 1 < text.length) {
      const next = text[++i];
      if (next !== '\n') {
        word += next;
        started = true;
      }
    } else if (/\s/.test(c)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      word += c;
      started = true;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} quote`);
  if (started) words.push(word);
  return words;
}

/** Cache key: sha256 of the block's words, so re-wrapping or re-indenting a block keeps its cache. */
export function blockHash(words: string[]): string {
  return createHash('sha256').update(JSON.stringify(words)).digest('hex');
}

/** Parses a block; throws `Error` with a message suitable for a build warning. */
export function parseFigureBlock(text: string): FigureBlock {
  const words = splitWords(text.trim());
  if (words[0] === 'nnll') words.shift();
  if (words.length === 0) throw new Error('empty nnll block: expected `result PATH` or a command such as `surface --model …`');
  let title: string | undefined;
  const titleAt = words.indexOf('--title');
  const rest = [...words];
  if (titleAt >= 0) {
    if (titleAt + 1 >= words.length) throw new Error('nnll block: --title needs a value');
    title = words[titleAt + 1];
    rest.splice(titleAt, 2);
  }
  const normalized = words.join(' ');
  const hash = blockHash(words);
  if (rest[0] === 'result') {
    if (rest.length !== 2) throw new Error(`nnll block: expected \`result PATH\`, got ${JSON.stringify(normalized)}`);
    return { kind: 'result', path: rest[1], title, text: normalized, hash };
  }
  if (!/^[a-z][a-z0-9-]*$/.test(rest[0])) throw new Error(`nnll block: unknown command ${JSON.stringify(rest[0])}`);
  return { kind: 'command', command: rest[0], args: rest.slice(1), title, text: normalized, hash };
}
