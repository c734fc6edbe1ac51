/**
 * Renders the shared study seeds (`<repo>/../shared/seeds`, a sibling of the checkout in CI) when the
 * folder exists. Expectations are read from the seed files themselves, so no seed text lives here.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, type BuildSiteResult } from '../src/index.js';
import { parsePostDate } from '../src/dates.js';
import { testDir } from './snapshot.js';

const repoRoot = path.resolve(testDir, '../../..');
const seedsDir = path.resolve(repoRoot, '../shared/seeds');
const present = existsSync(seedsDir);
const HANGUL = /[\uAC00-\uD7A3]{2,}/;

describe.skipIf(!present)(`seeds in ${seedsDir}`, () => {
  let work: string;
  let result: BuildSiteResult;
  let seeds: { name: string; text: string }[];
  const pages = new Map<string, string>();
  const pageFor = (file: string) => result.posts.filter((p) => p.file === file).map((p) => pages.get(p.slug)!).join('\n');

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'notes-seeds-'));
    seeds = readdirSync(seedsDir)
      .filter((name) => /\.(md|markdown|txt)$/i.test(name))
      .map((name) => ({ name, text: readFileSync(path.join(seedsDir, name), 'utf8') }));
    result = await buildSite(seedsDir, { out: path.join(work, 'site') });
    for (const post of result.posts) pages.set(post.slug, readFileSync(path.join(work, 'site', post.url, 'index.html'), 'utf8'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('renders every seed file into at least one post', () => {
    expect(seeds.length).toBeGreaterThan(0);
    for (const seed of seeds) expect(result.posts.some((p) => p.file === seed.name), seed.name).toBe(true);
    for (const post of result.posts) expect(post.title.length, post.file).toBeGreaterThan(0);
  });

  it('blog exports: one post per `## title` / `### date` pair, with those titles and dates', () => {
    const exports = seeds.filter((s) => /^# HTML\s*$/m.test(s.text));
    expect(exports.length).toBeGreaterThan(0);
    for (const seed of exports) {
      const html = seed.text.split(/^# HTML\s*$/m)[1];
      const chunks = html.split(/^---+\s*$/m).map((c) => c.trim()).filter(Boolean);
      const expected = chunks.map((chunk) => {
        const [titleLine, dateLine] = chunk.split('\n');
        return { title: titleLine.replace(/^##\s+/, '').trim(), date: parsePostDate(dateLine.replace(/^###\s+/, '')) };
      });
      const actual = result.posts.filter((p) => p.file === seed.name).map((p) => ({ title: p.title, date: p.date }));
      expect(actual.sort((a, b) => a.title.localeCompare(b.title))).toEqual(expected.sort((a, b) => a.title.localeCompare(b.title)));
      for (const { date } of expected) expect(date, 'every export post has a parseable date').toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('nested lists keep their depth', () => {
    const deepest = seeds.filter((s) => /^ {4}- /m.test(s.text));
    expect(deepest.length).toBeGreaterThan(0);
    for (const seed of deepest) {
      const doc = parseHTML(pageFor(seed.name)).document;
      expect(doc.querySelectorAll('.post-body ul ul ul li').length, seed.name).toBeGreaterThan(0);
    }
  });

  it('bare and inline links become anchors', () => {
    for (const seed of seeds.filter((s) => /^# HTML\s*$/m.test(s.text) || /\]\(\s*https?:/.test(s.text))) {
      const hrefs = new Set([...parseHTML(pageFor(seed.name)).document.querySelectorAll('.post-body a[href^="http"]')].map((a) => a.getAttribute('href')));
      const urls = [...seed.text.matchAll(/(?<![("[])\bhttps?:\/\/[^\s()"<>[\]\\]+[^\s()"<>[\]\\.,:;]/g)].map((m) => m[0]);
      const inline = [...seed.text.matchAll(/\]\(\s*(https?:\/\/[^\s)]+)\)/g)].map((m) => m[1]);
      for (const url of [...urls, ...inline]) expect(hrefs.has(url), `${seed.name}: ${url}`).toBe(true);
    }
  });

  it('images with quoted URLs keep the URL and the alt text', () => {
    const quoted = seeds.flatMap((s) => [...s.text.matchAll(/!\[([^\]]*)\]\("([^"]+)"\)/g)].map((m) => ({ seed: s.name, alt: m[1], url: m[2] })));
    expect(quoted.length).toBeGreaterThan(0);
    for (const { seed, alt, url } of quoted) {
      const img = parseHTML(pageFor(seed)).document.querySelector(`img[src="${url}"]`);
      expect(img, `${seed}: ${url}`).not.toBeNull();
      expect(img!.getAttribute('alt')).toBe(alt);
    }
  });

  it('display math renders with KaTeX', () => {
    const withMath = seeds.filter((s) => /\$\$[^$]+\$\$/.test(s.text));
    expect(withMath.length).toBeGreaterThan(0);
    for (const seed of withMath) {
      const doc = parseHTML(pageFor(seed.name)).document;
      expect(doc.querySelectorAll('.katex-display .katex-html').length, seed.name).toBeGreaterThan(0);
      expect(doc.querySelectorAll('.katex-display math').length, seed.name).toBeGreaterThan(0);
    }
  });

  it('Korean text survives', () => {
    const korean = seeds.filter((s) => HANGUL.test(s.text));
    expect(korean.length).toBeGreaterThan(0);
    for (const seed of korean) {
      const sample = seed.text.match(/[\uAC00-\uD7A3][\uAC00-\uD7A3 ]{3,}[\uAC00-\uD7A3]/)![0];
      expect(pageFor(seed.name), seed.name).toContain(sample);
    }
  });

  it('a missing relative image is a warning naming the post, not a failure', () => {
    for (const seed of seeds) {
      for (const match of seed.text.matchAll(/!\[[^\]]*\]\((\.{1,2}\/[^)\s]+)\)/g)) {
        if (existsSync(path.join(seedsDir, match[1]))) continue;
        const warning = result.warnings.find((w) => w.file === seed.name && w.message === `image ${match[1]} not found`);
        expect(warning, `${seed.name}: ${match[1]}`).toBeDefined();
        expect(warning!.post).toBeTruthy();
      }
    }
  });
});

it.skipIf(present)('seeds folder absent: seed rendering skipped', () => {
  expect(present).toBe(false);
});
