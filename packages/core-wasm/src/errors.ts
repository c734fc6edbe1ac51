/**
 * The one base class of bad-input errors across the nnll packages: a program, data or option a
 * caller gave that cannot be used. Every library entry point throws a subclass of it for bad
 * input, with a one-line message naming the file, field, flag or shape; frontends map it once
 * (the CLI to exit status 2, the server to HTTP 400). Anything else that escapes is a bug.
 */
export class NnllInputError extends Error {
  override name = 'NnllInputError';
}
