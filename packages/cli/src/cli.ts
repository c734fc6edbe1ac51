/** The command table: usage, options help, examples and a lazy loader per command. */
import { parse, outputFlag, intFlag, numberFlag, stringFlag, requiredFlag, choiceFlag, rangeFlag, noPositionals, commonOptions, type Options, type Values } from './args.js';
import { ExitStatus, UsageError } from './errors.js';
import { renderTargets } from './render.js';

export interface Command {
  /** Takes its arguments unparsed (a command family with its own parser). */
  raw?: (argv: string[]) => Promise<number>;
  summary: string;
  usage: string;
  examples: string[];
  options: Options;
  help: string[];
  run(values: Values, positionals: string[]): Promise<void>;
}

const commonHelp = [
  '--json           print the result as one JSON object on stdout (and nothing else there)',
  '--out FILE       also write the JSON result to FILE (atomically)',
  '--seed N         random seed (default 0)',
  '--threads N      worker threads (default: all cores)',
  '--quiet          no progress on stderr',
];

const renderOptions: Options = { plot: { type: 'string' }, csv: { type: 'string' } };
const modelData: Options = { model: { type: 'string' }, data: { type: 'string' }, loss: { type: 'string' } };
const modelDataHelp = [
  '--model M        ONNX file, TF.js model.json or built-in spec such as mlp:784-256-10:relu',
  '--data D         .npz (x, y), .csv, MNIST-style IDX folder, or mnist, spirals, moons, blobs, teacher',
  '--loss ce|mse    loss on the output (default: ce for integer labels, mse for float targets)',
];
const lossOf = (v: Values) => (v.loss === undefined ? undefined : choiceFlag(v, 'loss', ['ce', 'mse'] as const, 'ce'));
const md = (v: Values) => ({ model: requiredFlag(v, 'model', 'M (an .onnx file, model.json or built-in spec)'), data: requiredFlag(v, 'data', 'D (a data file, IDX folder or built-in name)'), loss: lossOf(v) });

export const COMMANDS: Record<string, Command> = {
  info: {
    summary: 'parameters (name, shape, size), ops, inputs and outputs of a model',
    usage: 'nnll info --model M [--json]',
    examples: ['nnll info --model model.onnx', 'nnll info --model mlp:784-256-10:relu --json'],
    options: { model: { type: 'string' }, loss: { type: 'string' } },
    help: ['--model M        ONNX file, TF.js model.json or built-in spec such as mlp:784-256-10:relu'],
    async run(v, p) {
      noPositionals(p);
      const { info } = await import('./commands/info.js');
      await info({ ...commonOptions(v), model: requiredFlag(v, 'model', 'M (an .onnx file, model.json or built-in spec)'), loss: lossOf(v) });
    },
  },
  eval: {
    summary: 'loss and accuracy of a model on a data set',
    usage: 'nnll eval --model M --data D [--json] [--out FILE]',
    examples: ['nnll eval --model model.onnx --data data.npz', 'nnll eval --model model.onnx --data /usr/share/datasets/fashion-mnist --json'],
    options: modelData,
    help: modelDataHelp,
    async run(v, p) {
      noPositionals(p);
      const { evaluate } = await import('./commands/eval.js');
      await evaluate({ ...commonOptions(v), ...md(v) });
    },
  },
  grad: {
    summary: 'loss and gradient of the full-data loss; --save writes the gradient per parameter',
    usage: 'nnll grad --model M --data D [--save g.npz] [--json] [--out FILE]',
    examples: ['nnll grad --model model.onnx --data data.npz', 'nnll grad --model model.onnx --data data.npz --save grad.npz --json'],
    options: { ...modelData, save: { type: 'string' } },
    help: [...modelDataHelp, '--save FILE      write the gradient (.npz or .safetensors, one array per parameter)'],
    async run(v, p) {
      noPositionals(p);
      const { grad } = await import('./commands/grad.js');
      await grad({ ...commonOptions(v), ...md(v), save: outputFlag(v, 'save') });
    },
  },
  hvp: {
    summary: 'exact Hessian-vector product H·v of the full-data loss',
    usage: 'nnll hvp --model M --data D --vector v.npz [--save hv.npz] [--json] [--out FILE]',
    examples: ['nnll hvp --model model.onnx --data data.npz --vector v.npz', 'nnll hvp --model model.onnx --data data.npz --vector v.npz --save hv.npz --json'],
    options: { ...modelData, vector: { type: 'string' }, save: { type: 'string' } },
    help: [...modelDataHelp, '--vector FILE    v: .npz or .safetensors, one array per parameter (same names and shapes)', '--save FILE      write H·v (.npz or .safetensors)'],
    async run(v, p) {
      noPositionals(p);
      const { hvp } = await import('./commands/hvp.js');
      await hvp({ ...commonOptions(v), ...md(v), vector: requiredFlag(v, 'vector', 'FILE (.npz or .safetensors, one array per parameter)'), save: outputFlag(v, 'save') });
    },
  },
  hessian: {
    summary: 'Hessian spectrum: top eigenvalues, eig_min, trace, density (Lanczos, Hutchinson, SLQ, or --exact)',
    usage: 'nnll hessian --model M --data D [--top-k 5] [--min] [--trace] [--density] [--exact] [--per-layer] [--plot f.svg] [--csv f.csv] [--json] [--out FILE]',
    examples: [
      'nnll hessian --model model.onnx --data data.npz --top-k 5',
      'nnll hessian --model model.onnx --data data.npz --min --trace --density --json --out spectrum.json',
      'nnll hessian --model model.onnx --data data.npz --exact --density',
      'nnll hessian --model model.onnx --data data.npz --top-k 3 --per-layer',
    ],
    options: {
      ...modelData,
      'top-k': { type: 'string' },
      min: { type: 'boolean' },
      trace: { type: 'boolean' },
      density: { type: 'boolean' },
      exact: { type: 'boolean' },
      'per-layer': { type: 'boolean' },
      'max-iter': { type: 'string' },
      tol: { type: 'string' },
      probes: { type: 'string' },
      ...renderOptions,
    },
    help: [
      ...modelDataHelp,
      '--top-k K        largest eigenvalues (default 5)',
      '--min            also the smallest eigenvalue (eig_min)',
      '--trace          also the trace (Hutchinson, with trace_stderr)',
      '--density        also the spectral density {x, y} and neg_fraction (stochastic Lanczos quadrature)',
      '--exact          assemble the full Hessian and diagonalise it (up to 5,000 parameters)',
      '--per-layer      the same for every layer\'s diagonal block (result field layers)',
      '--max-iter N     most Lanczos steps (default 100)',
      '--tol X          relative residual of a converged eigenvalue (default 1e-4)',
      '--probes N       most Hutchinson probes (default 100)',
      '--plot FILE      spectral density (with --density) and top eigenvalues, as .svg, .png or .html',
      '--csv FILE       the density as x,density (with --density), else rank,eigenvalue',
    ],
    async run(v, p) {
      noPositionals(p);
      const { hessian } = await import('./commands/hessian.js');
      await hessian({
        ...commonOptions(v),
        ...md(v),
        topK: intFlag(v, 'top-k', 5, 1),
        min: !!v.min,
        trace: !!v.trace,
        density: !!v.density,
        exact: !!v.exact,
        perLayer: !!v['per-layer'],
        maxIter: intFlag(v, 'max-iter', 100, 1),
        tol: numberFlag(v, 'tol', 1e-4),
        probes: intFlag(v, 'probes', 100, 1),
        ...renderTargets(v),
      });
    },
  },
  surface: {
    summary: 'loss surface L(a, b) = loss(θ + a·d₁ + b·d₂) on a grid (1-D along d₁ without --y)',
    usage: 'nnll surface --model M --data D [--x -1:1:51] [--y -1:1:51] [--x-dir f] [--y-dir f] [--norm filter] [--ignore biasbn] [--test T] [--resume s.json] [--plot f.svg|.png] [--csv f.csv] [--vtk f.vtp] [--hdf5 f.h5] [--json] [--out FILE]',
    examples: [
      'nnll surface --model model.onnx --data data.npz --x -1:1:51 --y -1:1:51 --out surface.json',
      'nnll surface --model model.onnx --data mnist --x -1:1:51 --y -1:1:51 --vtk surface.vtp --hdf5 surface.h5',
      'nnll surface --model model.onnx --data data.npz --x -1:1:101 --norm filter --json',
      'nnll surface --model model.onnx --data data.npz --x-dir d1.npz --y-dir d2.npz --y -1:1:51 --norm none',
      'nnll surface --model model.onnx --data data.npz --x -1:1:51 --y -1:1:51 --resume surface.json --out surface.json',
    ],
    options: {
      ...modelData,
      test: { type: 'string' },
      x: { type: 'string' },
      y: { type: 'string' },
      'x-dir': { type: 'string' },
      'y-dir': { type: 'string' },
      norm: { type: 'string' },
      ignore: { type: 'string' },
      resume: { type: 'string' },
      ...renderOptions,
      vtk: { type: 'string' },
      hdf5: { type: 'string' },
    },
    help: [
      ...modelDataHelp,
      '--test T         also the loss and accuracy on this data set (test_loss, test_accuracy)',
      '--x MIN:MAX:NUM  coefficients of d₁ (default -1:1:51)',
      '--y MIN:MAX:NUM  coefficients of d₂; without --y (and --y-dir) the surface is 1-D',
      '--x-dir FILE     d₁ from .npz/.safetensors (one array per parameter); default seeded Gaussian',
      '--y-dir FILE     d₂ likewise (implies a 2-D surface, --y default -1:1:51)',
      '--norm N         filter (default), layer, weight, dfilter, dlayer or none (directions as given)',
      '--ignore I       biasbn (default with a normalisation: 1-D tensors get direction 0) or none (default with --norm none)',
      '--resume FILE    continue an interrupted run written by --out (same options required)',
      '--plot FILE      contour plot (1-D: line) as .svg, .png or .html',
      '--csv FILE       the grid as a table: x,y,loss,accuracy',
      '--vtk FILE       2-D surface for ParaView: .vtp (poly data, as loss-landscape\'s h52vtp.py) or .vtk (structured grid)',
      '--hdf5 FILE      HDF5 with loss-landscape\'s names: xcoordinates, ycoordinates, train_loss, train_acc (test_loss, test_acc)',
    ],
    async run(v, p) {
      noPositionals(p);
      const { surface, NORMS } = await import('./commands/surface.js');
      const twoD = v.y !== undefined || v['y-dir'] !== undefined;
      const norm = choiceFlag(v, 'norm', NORMS, 'filter');
      if (v.vtk !== undefined && !twoD) throw new UsageError('--vtk needs a 2-D surface (give --y)');
      await surface({
        ...commonOptions(v),
        ...md(v),
        test: stringFlag(v, 'test'),
        x: rangeFlag(v, 'x', '-1:1:51'),
        y: twoD ? rangeFlag(v, 'y', '-1:1:51') : undefined,
        xDir: stringFlag(v, 'x-dir'),
        yDir: stringFlag(v, 'y-dir'),
        norm,
        // --norm none means the directions exactly as given, biases included, unless --ignore says otherwise
        ignore: choiceFlag(v, 'ignore', ['biasbn', 'none'] as const, norm === 'none' ? 'none' : 'biasbn'),
        resume: stringFlag(v, 'resume'),
        ...renderTargets(v),
      });
    },
  },
  interpolate: {
    summary: 'loss along the line (1−t)·A + t·B between two models, and the barrier',
    usage: 'nnll interpolate --model A --to B --data D [--t -0.5:1.5:21] [--test T] [--plot f.svg] [--csv f.csv] [--json] [--out FILE]',
    examples: ['nnll interpolate --model a.onnx --to b.onnx --data data.npz', 'nnll interpolate --model a.onnx --to b.onnx --data data.npz --t -0.5:1.5:41 --json'],
    options: { ...modelData, to: { type: 'string' }, t: { type: 'string' }, test: { type: 'string' }, ...renderOptions },
    help: [
      ...modelDataHelp.map((l) => l.replace('--model M        ONNX', '--model A        model A: ONNX')),
      '--to B           model B, same architecture and parameter names',
      '--t MIN:MAX:NUM  values of t (default -0.5:1.5:21)',
      '--test T         also the loss and accuracy on this data set',
      '--plot FILE      loss along t with the barrier, as .svg, .png or .html',
      '--csv FILE       the path as a table: t,loss,accuracy',
    ],
    async run(v, p) {
      noPositionals(p);
      const { interpolate } = await import('./commands/interpolate.js');
      await interpolate({ ...commonOptions(v), ...md(v), to: requiredFlag(v, 'to', 'B (the second model)'), t: rangeFlag(v, 't', '-0.5:1.5:21'), test: stringFlag(v, 'test'), ...renderTargets(v) });
    },
  },
  train: {
    summary: 'minibatch training from a built-in spec or a model file; per-epoch history; --save out.onnx',
    usage: 'nnll train --model M|SPEC --data D [--test T] --optimizer sgd|momentum|nesterov|adam|adamw --lr X --batch-size B --epochs E [--save out.onnx] [--plot f.svg] [--csv f.csv] [--json] [--out FILE]',
    examples: [
      'nnll train --model mlp:784-128-10:relu --data /usr/share/datasets/fashion-mnist --test /usr/share/datasets/fashion-mnist --optimizer adam --lr 0.001 --batch-size 128 --epochs 2 --save fashion.onnx',
      'nnll train --model mlp:2-32-32-3:tanh --data spirals --optimizer momentum --lr 0.05 --batch-size 32 --epochs 20 --schedule cosine --record-every 10 --save spirals.onnx',
      'nnll train --model model.onnx --data data.npz --optimizer sgd --lr 0.01 --batch-size 64 --epochs 5 --save finetuned.npz --json',
    ],
    options: {
      ...modelData,
      test: { type: 'string' },
      optimizer: { type: 'string' },
      lr: { type: 'string' },
      'batch-size': { type: 'string' },
      epochs: { type: 'string' },
      'weight-decay': { type: 'string' },
      momentum: { type: 'string' },
      schedule: { type: 'string' },
      save: { type: 'string' },
      'record-every': { type: 'string' },
      ...renderOptions,
    },
    help: [
      '--model M|SPEC   built-in spec (mlp:784-128-10:relu, seeded by --seed) or a model file to start from',
      ...modelDataHelp.slice(1),
      '--test T         evaluated after every epoch (an IDX folder reads its t10k-* pair)',
      '--optimizer O    sgd, momentum, nesterov, adam (default) or adamw (PyTorch semantics)',
      '--lr X           learning rate (default 0.001 for adam/adamw, 0.01 otherwise)',
      '--batch-size B   minibatch size (default 128)',
      '--epochs E       passes over the data (default 1)',
      '--weight-decay W L2 (sgd, adam) or decoupled (adamw; default 0.01) weight decay',
      '--momentum M     momentum of momentum/nesterov (default 0.9)',
      '--schedule S     constant (default), cosine[:MIN], step:EVERY:GAMMA, warmup:STEPS[,SCHEDULE]',
      '--save FILE      trained model: .onnx, or .npz/.safetensors of the parameters',
      '--record-every K keep θ every K steps: PCA of the trajectory in the result, FILE.trajectory.npz beside --save',
      '--plot FILE      training curves as .svg, .png or .html',
      '--csv FILE       the per-epoch history as a table',
    ],
    async run(v, p) {
      noPositionals(p);
      const { train, OPTIMIZERS } = await import('./commands/train.js');
      const lr = v.lr === undefined ? undefined : numberFlag(v, 'lr', 0);
      if (lr !== undefined && !(lr > 0)) throw new UsageError(`invalid --lr: ${String(v.lr)} (expected a number > 0)`);
      const wd = v['weight-decay'] === undefined ? undefined : numberFlag(v, 'weight-decay', 0);
      if (wd !== undefined && wd < 0) throw new UsageError(`invalid --weight-decay: ${String(v['weight-decay'])} (expected a number ≥ 0)`);
      const momentum = v.momentum === undefined ? undefined : numberFlag(v, 'momentum', 0.9);
      if (momentum !== undefined && !(momentum > 0 && momentum < 1)) throw new UsageError(`invalid --momentum: ${String(v.momentum)} (expected a number in (0, 1))`);
      await train({
        ...commonOptions(v),
        ...md(v),
        test: stringFlag(v, 'test'),
        optimizer: choiceFlag(v, 'optimizer', OPTIMIZERS, 'adam'),
        lr,
        batchSize: intFlag(v, 'batch-size', 128, 1),
        epochs: intFlag(v, 'epochs', 1, 1),
        weightDecay: wd,
        momentum,
        schedule: stringFlag(v, 'schedule', 'constant'),
        save: outputFlag(v, 'save'),
        recordEvery: intFlag(v, 'record-every', 0),
        ...renderTargets(v),
      });
    },
  },
  demo: {
    summary: 'the main job: train a small MLP on the built-in mnist digits, then its PCA-plane and filter-normalised surfaces, Hessian spectrum and interpolation, as a report in ./nnll-demo/',
    usage: 'nnll demo [--out DIR] [--model mlp:784-64-10:relu] [--epochs 4] [--lr 0.05] [--top-k 5] [--grid 21] [--json]',
    examples: ['nnll demo', 'nnll demo --out ./report --grid 31', 'nnll demo --model mlp:784-128-10:tanh --epochs 6 --json'],
    options: { model: { type: 'string' }, epochs: { type: 'string' }, lr: { type: 'string' }, 'top-k': { type: 'string' }, grid: { type: 'string' } },
    help: [
      '--out DIR        report folder (default ./nnll-demo); replaced only if an earlier demo wrote it',
      '--model SPEC     built-in architecture (default mlp:784-64-10:relu)',
      '--epochs N       SGD epochs with momentum 0.9, batch 128 (default 4)',
      '--lr X           learning rate (default 0.05)',
      '--top-k K        Hessian eigenvalues to report (default 5)',
      '--grid N         points per side of each surface (default 21)',
    ],
    async run(values, positionals) {
      noPositionals(positionals);
      const { demo, summary } = await import('./commands/demo.js');
      const { emit } = await import('./context.js');
      const { SpecError } = await import('@nnll/landscape');
      // --out names the report folder here (not a JSON file): checked by demo itself.
      const { out, ...rest } = values;
      const common = commonOptions(rest);
      const grid = intFlag(values, 'grid', 21, 2);
      try {
        const result = await demo({
          model: stringFlag(values, 'model', 'mlp:784-64-10:relu'),
          epochs: intFlag(values, 'epochs', 4, 1),
          lr: numberFlag(values, 'lr', 0.05),
          topK: intFlag(values, 'top-k', 5, 1),
          grid,
          out: typeof out === 'string' ? out : 'nnll-demo',
          seed: common.seed,
          threads: common.threads,
          quiet: common.quiet,
        });
        await emit(common, result, summary(result));
      } catch (e) {
        if (e instanceof SpecError) throw new UsageError(`--model: ${e.message}`);
        throw e;
      }
    },
  },
  notes: {
    summary: 'render study posts (markdown, math, figures) to a site: notes build DIR --out SITE, notes serve DIR',
    usage: 'nnll notes build DIR --out SITE | nnll notes serve DIR [--port 8788] [--host 127.0.0.1]',
    examples: ['nnll notes build ./posts --out ./site', 'nnll notes serve ./posts --port 8788'],
    options: {},
    help: [],
    raw: async (argv) => (await import('@nnll/notes')).runNotesCommand(argv),
    async run() {},
  },
};

export function commandHelp(name: string, c: Command): string {
  return [`nnll ${name} — ${c.summary}`, '', `usage: ${c.usage}`, '', 'options:', ...[...c.help, ...commonHelp].map((l) => `  ${l}`), '', 'examples:', ...c.examples.map((e) => `  ${e}`)].join('\n');
}

export function mainHelp(version: string): string {
  return [
    `nnll ${version} — loss landscapes of neural networks`,
    '',
    'usage: nnll <command> [options]        nnll <command> --help for its options',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(12)} ${c.summary}`),
    '',
    '  --version      print the version',
    '',
    'examples:',
    '  nnll info --model model.onnx',
    '  nnll eval --model model.onnx --data data.npz --json',
    '  nnll surface --model model.onnx --data data.npz --x -1:1:51 --y -1:1:51 --out surface.json',
  ].join('\n');
}

export async function dispatch(argv: string[], version: string): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp(version) + '\n');
    return;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(version + '\n');
    return;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw new UsageError(`unknown command: ${name} (see nnll --help)`);
  if (command.raw) {
    const code = await command.raw(rest);
    if (code !== 0) throw new ExitStatus(code);
    return;
  }
  const { values, positionals } = parse(rest, command.options);
  if (values.help) {
    process.stdout.write(commandHelp(name, command) + '\n');
    return;
  }
  await command.run(values, positionals);
}
