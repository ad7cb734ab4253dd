/** Documentation must not rot: every relative link in every Markdown file of the repository resolves. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/repo.js';

const SKIP = new Set(['node_modules', '.git', '.tools', '.crds', 'cdktf.out', 'charts-out', 'imports', 'reports', '.gitlab-ci-local']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (SKIP.has(name) || name.startsWith('.synth-staging-')) return [];
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** GitHub-style heading anchors of a Markdown file. */
function anchors(file: string): Set<string> {
  const slugs = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading?.[1]) {
      slugs.add(heading[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
    }
  }
  return slugs;
}

/** Relative link targets in a Markdown file: `[text](target)`, ignoring code blocks and absolute URLs. */
function relativeLinks(text: string): string[] {
  const withoutCode = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && target !== '');
}

const files = markdownFiles(REPO_ROOT);

describe('documentation links', () => {
  it('finds the documentation', () => {
    expect(files.map((f) => relative(REPO_ROOT, f))).toEqual(expect.arrayContaining(['README.md', 'docs/operations.md']));
  });

  it.each(files.map((f) => [relative(REPO_ROOT, f), f]))('every relative link in %s resolves', (_name, file) => {
    const broken = relativeLinks(readFileSync(file, 'utf8')).filter((target) => {
      const [path = '', anchor] = target.split('#');
      const resolved = path === '' ? file : join(dirname(file), decodeURI(path));
      if (!existsSync(resolved)) return true;
      return anchor !== undefined && resolved.endsWith('.md') && !anchors(resolved).has(anchor.toLowerCase());
    });
    expect(broken).toEqual([]);
  });

  it('detects a broken link (the check can fail)', () => {
    expect(relativeLinks('see [x](missing.md) and [y](https://example.com) and `[z](code.md)`')).toEqual(['missing.md']);
  });
});
