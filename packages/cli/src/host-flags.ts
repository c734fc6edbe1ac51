/** The CLI's own flags on every job command (beside the kind's flags, which come from the job layer). */
import { FIGURE_COMMANDS, TABLE_COMMANDS, type HostFlag } from '@nnll/landscape';

export const CLI_FLAGS: readonly HostFlag[] = [
  { name: 'json', help: 'print the result as one JSON object on stdout (and nothing else there)' },
  { name: 'out', value: 'DIR', kinds: ['demo'], help: 'the report folder (default ./nnll-demo): index.html, figures, demo.json' },
  { name: 'out', value: 'FILE', help: 'also write the JSON result to FILE (atomically)' },
  { name: 'quiet', help: 'no progress on stderr' },
  { name: 'threads', value: 'N', help: 'worker threads (default: all cores)' },
  { name: 'plot', value: 'FILE', kinds: FIGURE_COMMANDS.filter((c) => c !== 'demo'), help: 'the figure, as .svg, .png or .html' },
  { name: 'csv', value: 'FILE', kinds: TABLE_COMMANDS, help: 'the numbers as a table (.csv)' },
  { name: 'vtk', value: 'FILE', kinds: ['surface'], help: "2-D surface for ParaView: .vtp (poly data, as loss-landscape's h52vtp.py) or .vtk (structured grid)" },
  { name: 'hdf5', value: 'FILE', kinds: ['surface'], help: "HDF5 with loss-landscape's names: xcoordinates, ycoordinates, train_loss, train_acc (test_loss, test_acc)" },
  { name: 'resume', value: 'FILE', kinds: 'resumable', help: 'continue an interrupted run written by --out (same options required)' },
];
