/** The one place errors become exit statuses: 2 for bad usage or input, 130 after Ctrl-C, 1 for internal errors. */
import { NnllInputError } from '@nnll/landscape';
import { dispatch } from './cli.js';
import { ExitStatus, Interrupted } from './errors.js';
import { VERSION } from './version.js';

export { UsageError } from './errors.js';

const firstLine = (s: string): string => s.split('\n')[0].trim();

export async function main(argv: string[]): Promise<number> {
  try {
    await dispatch(argv, VERSION);
    return 0;
  } catch (e) {
    if (e instanceof ExitStatus) return e.code;
    if (e instanceof NnllInputError) {
      process.stderr.write(`nnll: ${firstLine(e.message)}\n`);
      return 2;
    }
    if (e instanceof Interrupted) {
      process.stderr.write(`nnll: ${firstLine(e.message)}\n`);
      return 130;
    }
    const msg = e instanceof Error ? e.message : String(e);
    const lib = await import('@nnll/landscape').then((m) => m.VERSION, () => '?');
    process.stderr.write(
      `nnll: internal error: ${firstLine(msg)}\n` +
        `  (nnll ${VERSION}, @nnll/landscape ${lib}, node ${process.version}, ${process.platform}-${process.arch}) — please report this with the command you ran\n`,
    );
    if (process.env.NNLL_DEBUG) console.error(e);
    return 1;
  }
}
