/** The one place errors become exit statuses: 2 for bad usage or input, 1 for internal errors. */
import { dispatch } from './cli.js';
import { ExitStatus, UsageError } from './errors.js';
import { VERSION } from './version.js';

export { UsageError } from './errors.js';

export async function main(argv: string[]): Promise<number> {
  try {
    await dispatch(argv, VERSION);
    return 0;
  } catch (e) {
    if (e instanceof ExitStatus) return e.code;
    if (e instanceof UsageError) {
      process.stderr.write(`nnll: ${e.message}\n`);
      return 2;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(
      `nnll: internal error: ${msg}\n` +
        `  (nnll ${VERSION}, node ${process.version}, ${process.platform}-${process.arch}) — please report this with the command you ran\n`,
    );
    if (process.env.NNLL_DEBUG) console.error(e);
    return 1;
  }
}
