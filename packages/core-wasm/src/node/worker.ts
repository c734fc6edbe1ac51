// A pool worker on a Node worker thread.
import { parentPort } from 'node:worker_threads';
import { createHandler } from '../pool/handler.js';

const handle = createHandler((r, transfer) => parentPort!.postMessage(r, transfer));
parentPort!.on('message', handle);
