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

/** Stopped by Ctrl-C (SIGINT) after keeping what was computed: exit status 130. */
export class Interrupted extends Error {
  override name = 'Interrupted';
}

/**
 * The library's bad-input errors, by class name: ModelError, DataError, DirectionError, SpecError,
 * the range parser's RangeError_ (named 'RangeError' but not a built-in RangeError),
 * OptimizerError, ScheduleError, and core-wasm's KernelError and ProgramError.
 */
const INPUT_ERRORS = new Set(['ModelError', 'DataError', 'DirectionError', 'SpecError', 'OptimizerError', 'ScheduleError', 'KernelError', 'ProgramError']);

export function isInputError(e: unknown): e is Error {
  if (!(e instanceof Error)) return false;
  if (INPUT_ERRORS.has(e.name)) return true;
  return e.name === 'RangeError' && !(e instanceof RangeError);
}
