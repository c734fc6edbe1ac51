/**
 * Jobs on disk: one JSON file per job under `DIR/.nnll/jobs/`, each written whole or not at all
 * (a temporary file, then a rename), writes to one job in the order they were made. A restarted
 * server reads them back; a file that is not a job record is skipped with a warning.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '@nnll/landscape/node';
import { JOB_ID, type JobRecord } from './job-record.js';

export class JobStore {
  readonly dir: string;
  readonly #writes = new Map<string, Promise<void>>();

  constructor(workspace: string) {
    this.dir = path.join(workspace, '.nnll', 'jobs');
  }

  /** Every stored job, oldest first; `onWarning` hears of files that could not be read. */
  async load(onWarning: (message: string) => void = () => {}): Promise<JobRecord[]> {
    await mkdir(this.dir, { recursive: true });
    const records: JobRecord[] = [];
    for (const name of (await readdir(this.dir)).sort()) {
      // a write cut off by a crash leaves its temporary file; the record it was replacing is intact
      if (name.startsWith('.') && name.endsWith('.tmp')) {
        await rm(path.join(this.dir, name), { force: true });
        continue;
      }
      const m = /^([a-z0-9]+)\.json$/.exec(name);
      if (!m || !JOB_ID.test(m[1])) continue;
      try {
        const r = JSON.parse(await readFile(path.join(this.dir, name), 'utf8')) as JobRecord;
        if (r.id !== m[1] || typeof r.spec !== 'object' || typeof r.status !== 'string') throw new Error('not a job record');
        records.push(r);
      } catch (e) {
        onWarning(`skipped ${path.join('.nnll', 'jobs', name)}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    return records.sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
  }

  /** Writes a job's record (atomically), after any earlier write of the same job. */
  save(record: JobRecord): Promise<void> {
    const text = JSON.stringify(record) + '\n';
    const file = path.join(this.dir, `${record.id}.json`);
    const before = this.#writes.get(record.id) ?? Promise.resolve();
    const write = before.then(() => writeFileAtomic(file, text));
    const settled = write.catch(() => {});
    this.#writes.set(record.id, settled);
    void settled.then(() => {
      if (this.#writes.get(record.id) === settled) this.#writes.delete(record.id);
    });
    return write;
  }

  /** Resolves when every write made so far has finished. */
  async flush(): Promise<void> {
    await Promise.all([...this.#writes.values()]);
  }
}
