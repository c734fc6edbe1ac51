/** Bad input data: the message is one line and names the file (and member, line or sample). */
import { NnllInputError } from '../errors.js';
export class DataError extends NnllInputError {
  override name = 'DataError';
}

/** A message from a library we call (JSON.parse, fflate) squeezed onto one short line. */
export function oneLine(e: unknown, max = 120): string {
  const s = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A name from inside a file (archive member, tensor name) with control characters escaped, for messages. */
export function printable(name: string): string {
  return name.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
