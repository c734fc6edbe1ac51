/**
 * An explorer over a workspace folder: its job runners, file listing, job manager (with the history
 * under `DIR/.nnll/jobs/`) and the HTTP app — everything but the socket, so tests drive it with
 * `app.request()`.
 */
import { realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import type { Hono } from 'hono';
import { NnllInputError } from '@nnll/landscape';
import { createApp } from './app.js';
import { JobManager } from './jobs/job-manager.js';
import { JobStore } from './jobs/job-store.js';
import { RunnerPool } from './jobs/runner-pool.js';
import { Workspace } from './workspace/listing.js';
import { RESERVED } from './workspace/paths.js';

export interface ExplorerOptions {
  /** The folder jobs read from and write to (must exist). Default: the working directory. */
  workspace?: string;
  /** Jobs running at once (`--jobs`). Default 2. */
  jobs?: number;
  /** Jobs waiting for a runner before submissions get 429 (`--max-queued`). Default 16. */
  maxQueued?: number;
  /** Kernel threads per job (`--threads`). Default: the cores shared among the runners, at least 1. */
  threads?: number;
  /** Largest upload in bytes (`--max-upload`). Default 256 MiB. */
  maxUpload?: number;
  /** Host names requests may address; 'any' when listening on every interface. Default: loopback names. */
  hosts?: readonly string[] | 'any';
  version: string;
  onWarning?: (message: string) => void;
  log?: (message: string) => void;
}

export interface Explorer {
  app: Hono;
  jobs: JobManager;
  workspace: Workspace;
  /** Interrupts running jobs (keeping their partial results), writes the history, stops the threads. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_UPLOAD = 256 * 1024 * 1024;

export async function createExplorer(o: ExplorerOptions): Promise<Explorer> {
  const dir = o.workspace ?? process.cwd();
  const s = await stat(dir).catch(() => null);
  if (!s?.isDirectory()) throw new NnllInputError(`--workspace ${dir}: no such folder`);
  const runnersCount = o.jobs ?? 2;
  const threads = o.threads ?? Math.max(1, Math.floor(os.availableParallelism() / runnersCount));
  const maxQueued = o.maxQueued ?? 16;
  const root = await realpath(dir);
  // uploads cut off by a stopped server left their temporary files here; none is in use yet
  await rm(path.join(root, RESERVED, 'uploads'), { recursive: true, force: true });
  const runners = new RunnerPool({ root, runners: runnersCount, threads });
  const workspace = await Workspace.open(root, runners);
  const jobs = await JobManager.open({ runners, maxQueued, store: new JobStore(root), onWarning: o.onWarning });
  const app = createApp({ version: o.version, jobs, runners, workspace, maxUpload: o.maxUpload ?? DEFAULT_MAX_UPLOAD, maxQueued, hosts: o.hosts, log: o.log });
  return { app, jobs, workspace, close: () => jobs.close() };
}
