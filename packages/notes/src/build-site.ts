/** `buildSite(dir, { out })`: every post under `dir` rendered into a static site at `out`. */
import { copyFile, cp, mkdir, readdir, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { checkReplaceable, makeTempSibling, replaceDir } from './atomic-dir.js';
import { discoverPosts } from './discover-posts.js';
import type { ComputeFigure } from './figures/compute-figure.js';
import { createFigureCache } from './figures/figure-cache.js';
import { computeLiveFigure } from './live/compute.js';
import { echo, NotesError } from './notes-error.js';
import { scopePostStyle } from './post-style.js';
import { type RenderedPost, renderPost } from './render-post.js';
import { atomFeed } from './site/atom-feed.js';
import { indexPage } from './site/index-page.js';
import { postPage } from './site/post-page.js';
import { buildSiteModel } from './site/site-model.js';
import { siteStylesheet } from './site/stylesheet.js';
import { tagIndexPage, tagPage } from './site/tag-pages.js';
import { resolveTheme, type Theme } from './theme.js';
import type { BuildWarning } from './warning.js';

export interface BuildSiteOptions {
  /** Folder the site is written to (required). Replaced atomically; must not contain the posts. */
  out: string;
  /** Site title (default: the first blog export's `# Title`, else "Notes"). */
  title?: string;
  /** One sentence under the title and in the feed (default: none). */
  description?: string;
  /** Absolute URL the site is published at, used for feed links (default: relative links). */
  siteUrl?: string;
  /** Theme variables for `{name}` in post styles and for the stylesheet (default: {@link defaultTheme}). */
  theme?: Theme;
  /** Computes command blocks (default: `surface`, `interpolate` and `hessian` with @nnll/landscape). */
  computeFigure?: ComputeFigure;
  /** Where computed figure results are cached by content hash (default: `<out>/.cache`). */
  cacheDir?: string;
  /** Called for every warning as it happens (default: warnings are only returned). */
  onWarning?: (warning: BuildWarning) => void;
  /** Excerpt length in characters (default: 200). */
  excerptLength?: number;
  /** Timestamp for undated feed entries (default: now). */
  now?: Date;
  /** `lang` of the pages (default: "en"). */
  lang?: string;
}

export interface BuildSiteResult {
  out: string;
  posts: { title: string; slug: string; date?: string; tags: string[]; file: string; url: string }[];
  tags: string[];
  warnings: BuildWarning[];
}

const OPTION_NAMES = new Set(['out', 'title', 'description', 'siteUrl', 'theme', 'computeFigure', 'cacheDir', 'onWarning', 'excerptLength', 'now', 'lang']);

function validate(dir: unknown, options: BuildSiteOptions): void {
  if (typeof dir !== 'string' || dir === '') throw new NotesError(`invalid posts folder: ${echo(dir)}`);
  if (typeof options !== 'object' || options === null) throw new NotesError(`invalid options: ${echo(options)}`);
  for (const name of Object.keys(options)) if (!OPTION_NAMES.has(name)) throw new NotesError(`invalid option: ${name}`);
  if (typeof options.out !== 'string' || options.out === '') throw new NotesError(`invalid out: ${echo(options.out)} (a folder path)`);
  for (const name of ['title', 'description', 'siteUrl', 'cacheDir', 'lang'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'string') throw new NotesError(`invalid ${name}: ${echo(options[name])}`);
  }
  if (options.siteUrl !== undefined && !/^https?:\/\/[^\s]+\/$/.test(options.siteUrl)) {
    throw new NotesError(`invalid siteUrl: ${echo(options.siteUrl)} (an absolute http(s) URL ending in /)`);
  }
  if (options.excerptLength !== undefined && (!Number.isInteger(options.excerptLength) || options.excerptLength < 0)) {
    throw new NotesError(`invalid excerptLength: ${echo(options.excerptLength)} (a whole number ≥ 0)`);
  }
  if (options.computeFigure !== undefined && typeof options.computeFigure !== 'function') {
    throw new NotesError(`invalid computeFigure: ${echo(typeof options.computeFigure)} (a function)`);
  }
  if (options.now !== undefined && !(options.now instanceof Date && Number.isFinite(options.now.getTime()))) {
    throw new NotesError(`invalid now: ${echo(options.now)} (a Date)`);
  }
}

async function copyKatexAssets(target: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const css = require.resolve('katex/dist/katex.min.css');
  const fonts = path.join(path.dirname(css), 'fonts');
  await mkdir(path.join(target, 'fonts'), { recursive: true });
  await copyFile(css, path.join(target, 'katex.min.css'));
  for (const name of await readdir(fonts)) {
    if (name.endsWith('.woff2')) await copyFile(path.join(fonts, name), path.join(target, 'fonts', name));
  }
}

async function writePage(root: string, rel: string, html: string): Promise<void> {
  const file = path.join(root, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, html);
}

export async function buildSite(dir: string, options: BuildSiteOptions): Promise<BuildSiteResult> {
  validate(dir, options);
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new NotesError(`posts folder not found: ${echo(dir)}`);
  if (!info.isDirectory()) throw new NotesError(`posts folder is not a folder: ${echo(dir)}`);
  const rootDir = await realpath(dir);
  const out = path.resolve(options.out);
  // compare real paths: a symbolic link must not let --out swallow the posts
  const outParent = await realpath(path.dirname(out)).catch(() => path.dirname(out));
  const outReal = path.join(outParent, path.basename(out));
  const relOut = path.relative(outReal, rootDir);
  if (relOut === '' || (relOut !== '..' && !relOut.startsWith(`..${path.sep}`) && !path.isAbsolute(relOut))) {
    throw new NotesError(`--out ${echo(options.out)} contains the posts folder ${echo(dir)}; choose another folder`);
  }
  await checkReplaceable(out);
  const theme = (() => {
    try {
      return resolveTheme(options.theme);
    } catch (error) {
      throw new NotesError((error as Error).message);
    }
  })();

  const warnings: BuildWarning[] = [];
  const report = (warning: BuildWarning) => {
    warnings.push(warning);
    options.onWarning?.(warning);
  };
  const sources = await discoverPosts(rootDir, [out, outReal]);
  const temp = await makeTempSibling(out);
  try {
    const defaultCache = path.join(out, '.cache');
    const cacheDir = options.cacheDir ? path.resolve(options.cacheDir) : path.join(temp, '.cache');
    if (!options.cacheDir && (await stat(defaultCache).then(() => true, () => false))) {
      await cp(defaultCache, cacheDir, { recursive: true }); // keep earlier results across the swap
    }
    const cache = createFigureCache(cacheDir);
    const styles = new Map<string, string>();
    const rendered: (RenderedPost & { css?: string })[] = [];
    for (const source of sources) {
      const pending: string[] = [];
      const post = await renderPost(source, {
        rootDir,
        cache,
        computeFigure: options.computeFigure ?? computeLiveFigure,
        excerptLength: options.excerptLength,
        warn: (message) => pending.push(message),
      });
      for (const message of pending) report({ file: source.relPath, post: post.title, message });
      let css: string | undefined;
      if (source.style) {
        if (!styles.has(source.relPath)) {
          const scoped = scopePostStyle(source.style, theme, '.post-body');
          for (const message of scoped.warnings) report({ file: source.relPath, message });
          styles.set(source.relPath, scoped.css);
        }
        css = styles.get(source.relPath) || undefined;
      }
      rendered.push({ ...post, css });
    }
    const title = options.title ?? sources.find((source) => source.collection)?.collection ?? 'Notes';
    const model = buildSiteModel(rendered, title, options.description);

    await writePage(temp, 'index.html', indexPage(model));
    for (const post of model.posts) {
      const folder = path.join('posts', post.slug);
      await writePage(temp, path.join(folder, 'index.html'), postPage(model, post));
      for (const image of post.images) {
        await mkdir(path.dirname(path.join(temp, folder, image.to)), { recursive: true });
        await copyFile(image.from, path.join(temp, folder, image.to));
      }
    }
    await writePage(temp, path.join('tags', 'index.html'), tagIndexPage(model));
    for (const tag of model.tags) await writePage(temp, path.join('tags', tag.slug, 'index.html'), tagPage(model, tag));
    await writePage(temp, 'feed.xml', atomFeed(model, { siteUrl: options.siteUrl, now: options.now ?? new Date() }));
    await writePage(temp, path.join('assets', 'notes.css'), siteStylesheet(theme));
    await copyKatexAssets(path.join(temp, 'assets', 'katex'));
    await replaceDir(temp, out);
    return {
      out,
      posts: model.posts.map((post) => ({
        title: post.title,
        slug: post.slug,
        date: post.date,
        tags: post.tags,
        file: post.source.relPath,
        url: `posts/${encodeURIComponent(post.slug)}/`,
      })),
      tags: model.tags.map((tag) => tag.name),
      warnings,
    };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}
