/** Bad usage or bad input: one line to stderr, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
