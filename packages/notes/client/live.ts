/**
 * In-page recompute for live figures, loaded by pages that `serveSite` serves (never by built
 * sites). Every figure computed from a command block gets a "Recompute in browser" button; a click
 * re-runs the block in a Web Worker (client/job.ts) with the WebAssembly kernel and redraws the
 * figure with Observable Plot, through the same job parser, runner and chart code as the build.
 *
 * Bundled by esbuild into `dist/client/live.js` (this file), `dist/client/job.js` (the job worker)
 * and `dist/client/worker.js` (the kernel pool's worker), served at `<base>__notes/client/`: the
 * pool finds `./worker.js` and the kernel `../wasm/nnll.<flavor>.wasm` (`<base>__notes/wasm/`)
 * relative to the bundles.
 */
import { parseFigureData } from '@nnll/landscape';
import { describeResult, renderResult } from '../src/figures/render-result.js';
import type { JobMessage, JobRequest } from './job.js';

export interface LiveFigureElement extends HTMLElement {
  /** The latest in-page result (the JSON `nnll COMMAND --json` would print). */
  nnllResult?: Record<string, unknown>;
}

/** Runs a block in a fresh job worker; `onProgress` sees its progress messages. */
function runInWorker(request: JobRequest, onProgress: (done: number, total: number, unit: string) => void): Promise<{ result: Record<string, unknown>; backend: string }> {
  const worker = new Worker(new URL('./job.js', import.meta.url), { type: 'module' });
  return new Promise<{ result: Record<string, unknown>; backend: string }>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<JobMessage>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress(message.done, message.total, message.unit);
      else if (message.type === 'result') resolve(message);
      else reject(new Error(message.message));
    };
    worker.onerror = (event) => reject(new Error(event.message || 'the recompute worker failed to start'));
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}

const STYLE = `
.nnll-live-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.6rem; margin: 0.4rem 0; font-size: 0.88rem; }
.nnll-live-controls button { font: inherit; padding: 0.2rem 0.7rem; border-radius: 4px; border: 1px solid currentColor; background: transparent; color: inherit; cursor: pointer; }
.nnll-live-controls button[disabled] { opacity: 0.6; cursor: progress; }
.nnll-live-controls progress { width: 8rem; }
.nnll-live-status[data-state="error"] { color: #b42318; }
`;

function attach(figure: LiveFigureElement): void {
  let words: string[];
  try {
    words = JSON.parse(figure.dataset.nnllArgs ?? '') as string[];
    if (!Array.isArray(words) || !words.every((w) => typeof w === 'string')) return;
  } catch {
    return;
  }
  const dir = figure.dataset.nnllDir ?? '.';
  const controls = document.createElement('div');
  controls.className = 'nnll-live-controls';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'nnll-recompute';
  button.textContent = 'Recompute in browser';
  const progress = document.createElement('progress');
  progress.max = 1;
  progress.value = 0;
  progress.hidden = true;
  const status = document.createElement('span');
  status.className = 'nnll-live-status';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  controls.append(button, progress, status);
  const caption = figure.querySelector(':scope > figcaption');
  figure.insertBefore(controls, caption);

  button.addEventListener('click', async () => {
    button.disabled = true;
    progress.hidden = false;
    progress.removeAttribute('value'); // indeterminate while loading
    status.dataset.state = 'running';
    status.textContent = 'Loading the model and data…';
    figure.dataset.nnllLiveState = 'running';
    const started = performance.now();
    try {
      const { result, backend } = await runInWorker({ words, dir }, (done, total, unit) => {
        progress.max = total;
        progress.value = done;
        status.textContent = `Computing: ${done} of ${total} ${unit}`;
      });
      const parsed = parseFigureData(result);
      const seconds = (performance.now() - started) / 1000;
      const chart = figure.querySelector(':scope > .nnll-chart');
      if (chart) chart.innerHTML = renderResult(parsed); // SVG drawn here by Plot from validated numbers
      figure.nnllResult = result;
      if (caption && !caption.querySelector('strong')) caption.textContent = describeResult(parsed);
      status.dataset.state = 'done';
      status.textContent = `Recomputed in this browser in ${seconds.toFixed(2)} s (${backend}).`;
      figure.dataset.nnllLiveState = 'done';
      figure.dispatchEvent(new CustomEvent('nnll:recomputed', { detail: result, bubbles: true }));
    } catch (error) {
      status.dataset.state = 'error';
      status.textContent = `Recompute failed: ${(error as Error).message}`;
      figure.dataset.nnllLiveState = 'error';
    } finally {
      button.disabled = false;
      progress.hidden = true;
    }
  });
  figure.dataset.nnllLiveState = 'ready';
}

function start(): void {
  const figures = document.querySelectorAll<LiveFigureElement>('figure.nnll-figure[data-nnll-args]');
  if (figures.length > 0) {
    const style = document.createElement('style');
    style.textContent = STYLE;
    document.head.append(style);
  }
  for (const figure of figures) attach(figure);
  document.documentElement.dataset.nnllLiveClient = 'ready';
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
