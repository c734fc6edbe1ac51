// One job through the library, as its own process (its wall-clock includes start-up): the spec is
// the JSON in argv[2]; prints the result's timing and a few numbers as one JSON line.
import { runJob } from '@nnll/landscape/node';

const t0 = performance.now();
const spec = JSON.parse(process.argv[2]);
const r = await runJob(spec, { threads: Number(process.argv[3] ?? 2) });
process.stdout.write(JSON.stringify({ process_s: (performance.now() - t0) / 1000, loss: r.loss, eigenvalues: r.eigenvalues, hvp_count: r.hvp_count }) + '\n');
