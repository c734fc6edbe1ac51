/** Starts the explorer on a host and port (127.0.0.1:8787 by default) and stops it cleanly. */
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { NnllInputError } from '@nnll/landscape';
import { createExplorer, type Explorer, type ExplorerOptions } from './explorer.js';
import { LOOPBACK_NAMES } from './middleware/allowed-host.js';

export interface ServeOptions extends Omit<ExplorerOptions, 'version' | 'hosts'> {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface RunningServer {
  /** `http://127.0.0.1:8787/`. */
  url: string;
  explorer: Explorer;
  /** Interrupts running jobs (partial results kept), then closes every connection. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8787;

export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Every interface: the server answers whatever name it is reached by. */
export const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '[::]';

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const hosts = isWildcard(host) ? 'any' : [...new Set([...LOOPBACK_NAMES, host.replace(/^\[|\]$/g, '')])];
  const explorer = await createExplorer({ ...options, version: VERSION, hosts });
  let server: Server;
  const port = await new Promise<number>((resolve, reject) => {
    server = serve({ fetch: explorer.app.fetch, port: options.port ?? DEFAULT_PORT, hostname: host }, (info) => resolve(info.port)) as Server;
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'EADDRINUSE' ? new NnllInputError(`--port ${options.port ?? DEFAULT_PORT}: already in use (another server? --port 0 picks a free one)`) : e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' ? new NnllInputError(`--host ${host}: not an address of this machine`) : e);
    });
  }).catch(async (e) => {
    await explorer.close();
    throw e;
  });
  const shown = isWildcard(host) ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shown}:${port}/`,
    explorer,
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await explorer.close(); // running jobs end as `interrupted`; their event streams end with them
        server.closeIdleConnections();
        server.closeAllConnections();
        await stopped;
      })()),
  };
}
