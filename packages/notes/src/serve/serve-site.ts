/**
 * `serveSite(dir, { port, host })`: builds the site, serves it on 127.0.0.1 (by default) and rebuilds
 * when a file under `dir` changes. A failed rebuild is reported and the last good site stays up.
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildSite, type BuildSiteOptions, type BuildSiteResult } from '../build-site.js';
import { echo, NotesError } from '../notes-error.js';
import { createSiteHandler, normalizeBasePath, toNodeListener } from './site-handler.js';

export interface ServeSiteOptions extends Omit<BuildSiteOptions, 'out'> {
  /** Port (default 8788; 0 picks a free one). */
  port?: number;
  /** Interface to listen on (default "127.0.0.1": only this machine). */
  host?: string;
  /** URL prefix (default "/"). */
  basePath?: string;
  /** Build folder (default: a temporary folder removed on close). */
  out?: string;
  /** Rebuild on changes (default true). */
  watch?: boolean;
  /** Called after every rebuild, successful or not (default: none). */
  onRebuild?: (result: BuildSiteResult | Error) => void;
}

export interface NotesServer {
  url: string;
  host: string;
  port: number;
  /** The latest successful build. */
  build: BuildSiteResult;
  /** Rebuilds now (also what the watcher calls). */
  rebuild(): Promise<BuildSiteResult>;
  close(): Promise<void>;
}

export const DEFAULT_NOTES_PORT = 8788;

export async function serveSite(dir: string, options: ServeSiteOptions = {}): Promise<NotesServer> {
  const { port = DEFAULT_NOTES_PORT, host = '127.0.0.1', basePath, out, watch: watching = true, onRebuild, ...buildOptions } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new NotesError(`invalid port: ${echo(port)} (0..65535)`);
  if (typeof host !== 'string' || host === '' || /\s/.test(host)) throw new NotesError(`invalid host: ${echo(host)}`);
  let base: string;
  try {
    base = normalizeBasePath(basePath);
  } catch (error) {
    throw new NotesError((error as Error).message);
  }
  const temp = out ? undefined : await mkdtemp(path.join(os.tmpdir(), 'nnll-notes-'));
  const siteDir = out ? path.resolve(out) : path.join(temp!, 'site');
  let version = 0;
  const buildOnce = async () => {
    const result = await buildSite(dir, { ...buildOptions, out: siteDir });
    version++;
    return result;
  };
  let build: BuildSiteResult;
  try {
    build = await buildOnce();
  } catch (error) {
    if (temp) await rm(temp, { recursive: true, force: true });
    throw error;
  }
  const posts = await realpath(dir);
  const handler = createSiteHandler({ root: siteDir, basePath: base, live: true, version: () => String(version), posts });
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new NotesError(`--port ${port} is already in use on ${host}`) : error);
    });
    server.listen(port, host, () => resolve());
  }).catch(async (error) => {
    if (temp) await rm(temp, { recursive: true, force: true });
    throw error;
  });
  const address = server.address() as AddressInfo;

  let running: Promise<BuildSiteResult> | undefined;
  let again = false;
  const rebuild = async (): Promise<BuildSiteResult> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          try {
            build = await buildOnce();
            onRebuild?.(build);
          } catch (error) {
            onRebuild?.(error as Error);
          }
        } while (again);
        return build;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (watching) {
    const root = path.resolve(dir);
    const outRel = path.relative(root, siteDir);
    watcher = watch(root, { recursive: true }, (_event, filename) => {
      const name = filename ? String(filename) : '';
      // own output (inside the posts folder or its hidden temporary siblings) must not trigger a build
      if (name.split(/[\\/]/).some((segment) => segment.startsWith('.'))) return;
      if (outRel && !outRel.startsWith('..') && (name === outRel || name.startsWith(`${outRel}${path.sep}`))) return;
      clearTimeout(timer);
      timer = setTimeout(() => void rebuild(), 150);
    });
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}${base}`,
    host,
    port: address.port,
    get build() {
      return build;
    },
    rebuild,
    async close() {
      clearTimeout(timer);
      watcher?.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await running?.catch(() => undefined);
      if (temp) await rm(temp, { recursive: true, force: true });
    },
  };
}
