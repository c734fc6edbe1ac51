/**
 * The script `serveSite` adds to every page. It does not compute anything: it marks each figure
 * `data-nnll-live="capable"` and reloads the page after the server rebuilt the site. The in-page
 * recompute is the client bundle loaded beside it (client/live.ts, `__notes/client/live.js`).
 * Built sites never contain either, and pages work without them.
 */
export const LIVE_SCRIPT = `// @nnll/notes live hook (added by the development server only)
(() => {
  const script = document.currentScript;
  const base = (script && script.dataset.base) || '/';
  for (const figure of document.querySelectorAll('figure.nnll-figure')) figure.dataset.nnllLive = 'capable';
  document.documentElement.dataset.nnllServed = 'true';
  let version;
  const poll = async () => {
    try {
      const response = await fetch(base + '__notes/version', { cache: 'no-store' });
      const next = await response.text();
      if (version !== undefined && next !== version) location.reload();
      version = next;
    } catch {
      // server stopped: keep the page as it is
    }
    setTimeout(poll, 1500);
  };
  poll();
})();
`;
