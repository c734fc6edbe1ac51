/** Bad usage or bad input: one line to stderr, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A command that already reported its own failure and asks for this exit status. */
export class ExitStatus extends Error {
  override name = 'ExitStatus';
  constructor(readonly code: number) {
    super(`exit status ${code}`);
  }
}
