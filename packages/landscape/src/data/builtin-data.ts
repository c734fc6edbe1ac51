/**
 * Built-in synthetic data sets by spec, as `--data NAME` takes them: `NAME` or
 * `NAME:key=value,...`, e.g. `spirals:n=600,seed=3`, `blobs:k=5,d=10,std=2`,
 * `teacher:inputs=10,outputs=1`. Keys are the fields of each set's options (SpiralsOptions,
 * MoonsOptions, BlobsOptions, TeacherOptions); values are numbers. The seed is the spec's
 * `seed=` if given, else `options.seed` (the command's --seed), else 0. Browser-safe;
 * `mnist` is Node-only and handled by loadData.
 */
import type { Dataset } from './dataset.js';
import { DataError } from './errors.js';
import { blobs, blobsDefaults } from './blobs.js';
import { moons, moonsDefaults } from './moons.js';
import { spirals, spiralsDefaults } from './spirals.js';
import { teacher, teacherDefaults } from './teacher.js';

const sets = {
  spirals: { make: spirals, defaults: spiralsDefaults },
  moons: { make: moons, defaults: moonsDefaults },
  blobs: { make: blobs, defaults: blobsDefaults },
  teacher: { make: teacher, defaults: teacherDefaults },
} as const;

export type SyntheticName = keyof typeof sets;
export const syntheticNames = Object.keys(sets) as SyntheticName[];

export interface DataSpec {
  name: string;
  options: Record<string, number>;
}

/** Splits `name:key=value,...` into the name and numeric options; names the spec when malformed. */
export function parseDataSpec(spec: string): DataSpec {
  const colon = spec.indexOf(':');
  const name = colon < 0 ? spec : spec.slice(0, colon);
  const options: Record<string, number> = {};
  if (colon >= 0) {
    for (const part of spec.slice(colon + 1).split(',')) {
      const m = /^\s*([A-Za-z_]\w*)\s*=\s*(\S+)\s*$/.exec(part);
      const value = m ? Number(m[2]) : NaN;
      if (!m || !Number.isFinite(value)) throw new DataError(`invalid data option in ${spec}: ${JSON.stringify(part)} (expected key=number)`);
      options[m[1]] = value;
    }
  }
  return { name, options };
}

export function isSyntheticName(name: string): name is SyntheticName {
  return Object.hasOwn(sets, name);
}

export interface SyntheticOptions {
  /** Seed used when the spec has no `seed=`. Default 0. */
  seed?: number;
}

/** Generates a built-in synthetic set from its spec, e.g. `moons:n=500,noise=0.2`. */
export function syntheticData(spec: string, options: SyntheticOptions = {}): Dataset {
  const { name, options: given } = parseDataSpec(spec);
  if (!isSyntheticName(name)) throw new DataError(`unknown data set: ${name} (built-in: mnist, ${syntheticNames.join(', ')})`);
  const set = sets[name];
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(set.defaults, key)) throw new DataError(`invalid option for ${name}: ${key} (accepted: ${Object.keys(set.defaults).join(', ')})`);
  }
  return set.make({ seed: options.seed ?? 0, ...given });
}
