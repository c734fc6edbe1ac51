/**
 * An error caused by the caller's input (a bad option, a missing folder, an unreadable post).
 * The command turns it into a one-line message and exit status 2; anything else is a bug (status 1).
 */
import { NnllInputError } from '@nnll/landscape';

export class NotesError extends NnllInputError {
  override name = 'NotesError';
}

/** `JSON.stringify` for echoing a user value inside an error message. */
export function echo(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
