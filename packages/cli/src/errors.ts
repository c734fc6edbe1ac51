/** The CLI's own errors; the library's bad-input errors are NnllInputError (one base class). */
import { NnllInputError } from '@nnll/landscape';

/** Bad usage of the command line itself (a file flag with the wrong extension, an unknown command): exit status 2. */
export class UsageError extends NnllInputError {
  override name = 'UsageError';
}

/** A command that already reported its own failure and asks for this exit status. */
export class ExitStatus extends Error {
  override name = 'ExitStatus';
  constructor(readonly code: number) {
    super(`exit status ${code}`);
  }
}

/** Stopped by Ctrl-C (SIGINT) after keeping what was computed: exit status 130. */
export class Interrupted extends Error {
  override name = 'Interrupted';
}
