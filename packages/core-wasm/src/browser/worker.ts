// A pool worker in a Web Worker (module worker).
import { createHandler } from '../pool/handler.js';
import type { Request } from '../pool/protocol.js';

const scope = globalThis as unknown as { postMessage(m: unknown, t: ArrayBuffer[]): void; onmessage: ((e: { data: Request }) => void) | null };
const handle = createHandler((r, transfer) => scope.postMessage(r, transfer));
scope.onmessage = (e) => handle(e.data);
