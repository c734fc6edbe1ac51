/**
 * A blog export's `# Style` section, made safe to put on a page: theme variables filled, every
 * selector scoped to the post body, `@import` and other at-rules dropped (except `@media`,
 * `@supports` and `@keyframes`), declarations that could run script or load non-http URLs dropped,
 * and `<` escaped so the text cannot close its `<style>` element.
 */
import postcss, { type Root } from 'postcss';
import { fillThemeVariables, type Theme } from './theme.js';

const KEPT_AT_RULES = new Set(['media', 'supports', 'keyframes', '-webkit-keyframes']);
const DANGEROUS_VALUE = /expression\s*\(|javascript:|vbscript:|-moz-binding|behavior\s*:|data:(?!image\/(?:png|gif|jpeg|webp))/i;
const DANGEROUS_PROPERTY = /^(?:behavior|-moz-binding|-ms-behavior)$/i;
const URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;

function unsafeUrl(value: string): boolean {
  for (const match of value.matchAll(URL)) {
    if (!/^(?:https?:\/\/|\.{0,2}\/|[\w-]+(?:[./]|$)|#)/i.test(match[2].trim())) return true;
  }
  return false;
}

function scopeSelector(selector: string, scope: string): string {
  const trimmed = selector.trim();
  const root = /^(?:html|body|:root)(?=$|[\s.#:[>+~])/i.exec(trimmed);
  if (root) return `${scope}${trimmed.slice(root[0].length)}`;
  return `${scope} ${trimmed}`;
}

export interface PostStyleResult {
  css: string;
  warnings: string[];
}

export function scopePostStyle(source: string, theme: Theme, scope: string): PostStyleResult {
  const warnings: string[] = [];
  const filled = fillThemeVariables(source, theme, (name) => warnings.push(`style uses unknown theme variable {${name}}`));
  let root: Root;
  try {
    root = postcss.parse(filled);
  } catch (error) {
    warnings.push(`style section is not valid CSS, ignored: ${(error as Error).message.split('\n')[0]}`);
    return { css: '', warnings };
  }
  root.walkAtRules((rule) => {
    if (!KEPT_AT_RULES.has(rule.name.toLowerCase())) {
      warnings.push(`style: @${rule.name} is not allowed in a post style, dropped`);
      rule.remove();
    }
  });
  root.walkDecls((decl) => {
    if (DANGEROUS_VALUE.test(decl.value) || unsafeUrl(decl.value) || DANGEROUS_PROPERTY.test(decl.prop)) {
      warnings.push(`style: dropped unsafe declaration ${decl.prop}`);
      decl.remove();
    }
  });
  root.walkRules((rule) => {
    const parent = rule.parent;
    if (parent && parent.type === 'atrule' && /keyframes$/i.test((parent as { name: string }).name)) return;
    rule.selectors = rule.selectors.map((selector) => scopeSelector(selector, scope));
  });
  root.walkComments((comment) => {
    comment.remove();
  });
  return { css: root.toString().replace(/</g, '\\3c ').trim(), warnings };
}
