/**
 * Reading the engine's own source files, so that `mlp explain` and the docs quote the formula header
 * comment of the file that implements a thing instead of keeping a second copy of it.
 *
 * Where the text comes from: `src/<path>.ts` under the package root (a checkout, or a package that
 * ships `src/`); failing that the compiled `dist/src/<path>.js`, whose header comment TypeScript
 * keeps unless the file starts with a type-only import (then there is no header to quote, and
 * `sourceText` says so). The header is the file's first `/** … *\/` block.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { MlpError } from '../../tensor/errors';

let root: string | null = null;

/** The folder holding the package.json of this package (name "mlp"). */
export function packageRoot(): string {
  if (root !== null) return root;
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mlp') return (root = dir);
    const up = path.dirname(dir);
    if (up === dir) throw new MlpError('NOT_FOUND', `cannot find the mlp package.json above ${__dirname}`);
    dir = up;
  }
}

/** The readable file behind a repository path such as 'src/optim/adam.ts' (the .ts, else the .js). */
export function resolveSource(repoPath: string): string | null {
  const base = packageRoot();
  const ts = path.join(base, repoPath);
  if (existsSync(ts)) return ts;
  const js = path.join(base, 'dist', repoPath.replace(/\.ts$/, '.js'));
  return existsSync(js) ? js : null;
}

const cache = new Map<string, string[]>();

/** The lines of a source file, or null when neither the .ts nor the compiled .js is installed. */
export function sourceLines(repoPath: string): string[] | null {
  const hit = cache.get(repoPath);
  if (hit) return hit;
  const file = resolveSource(repoPath);
  if (file === null) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  cache.set(repoPath, lines);
  return lines;
}

/** The first `/** … *\/` comment of a file, without the comment markers: the formula header. */
export function headerComment(repoPath: string): string[] | null {
  const lines = sourceLines(repoPath);
  if (!lines) return null;
  const start = lines.findIndex((l) => l.trim().startsWith('/**'));
  if (start < 0) return null;
  const out: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    const end = line.includes('*/');
    const text = line
      .replace(/^\s*\/\*\*\s?/, '')
      .replace(/\s*\*\/\s*$/, '')
      .replace(/^\s*\* ?/, '');
    if (!(i === start && text === '') && !(end && text === '')) out.push(text.trimEnd());
    if (end) break;
  }
  return out;
}

export interface SourceRange {
  /** Repository path, e.g. 'src/optim/adam.ts'. */
  file: string;
  /** 1-based, inclusive. */
  start: number;
  end: number;
}

/**
 * The lines of the top-level declaration whose first line matches `pattern`: from that line to the
 * next line that closes at column 0 (`}` / `};`), which is how every top-level block is formatted here.
 */
export function findDeclaration(repoPath: string, pattern: RegExp): SourceRange | null {
  const lines = sourceLines(repoPath);
  if (!lines) return null;
  const start = lines.findIndex((l) => pattern.test(l));
  if (start < 0) return null;
  if (/[;,]\s*$/.test(lines[start]) && !/[{(]\s*$/.test(lines[start])) return { file: repoPath, start: start + 1, end: start + 1 };
  for (let i = start + 1; i < lines.length; i++) {
    if (/^[}\]]/.test(lines[i])) return { file: repoPath, start: start + 1, end: i + 1 };
  }
  return { file: repoPath, start: start + 1, end: lines.length };
}

/** The `/** … *\/` comment right above a declaration (lines without markers), or null. */
export function docCommentAbove(range: SourceRange): string[] | null {
  const lines = sourceLines(range.file);
  if (!lines) return null;
  const end = range.start - 2;
  if (end < 0 || !lines[end].trim().endsWith('*/')) return null;
  let start = end;
  while (start > 0 && !lines[start].trim().startsWith('/**')) start--;
  const text = lines
    .slice(start, end + 1)
    .map((l) =>
      l
        .replace(/^\s*\/\*\*\s?/, '')
        .replace(/\s*\*\/\s*$/, '')
        .replace(/^\s*\* ?/, '')
        .trimEnd(),
    )
    .filter((l, i, all) => !((i === 0 || i === all.length - 1) && l === ''));
  // The file header itself is not the declaration's own comment.
  return start === lines.findIndex((l) => l.trim().startsWith('/**')) ? null : text;
}

/** The repository paths of the .ts files in a source folder such as 'src/layers' (sorted). */
export function listSources(repoDir: string): string[] {
  const base = packageRoot();
  const tsDir = path.join(base, repoDir);
  if (existsSync(tsDir)) {
    return readdirSync(tsDir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .sort()
      .map((f) => `${repoDir}/${f}`);
  }
  const jsDir = path.join(base, 'dist', repoDir);
  if (!existsSync(jsDir)) return [];
  return readdirSync(jsDir)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => `${repoDir}/${f.replace(/\.js$/, '.ts')}`);
}

/** The first file of `repoDir` with a line matching `pattern`, and that declaration's range. */
export function locate(repoDir: string, pattern: RegExp): SourceRange | null {
  for (const file of listSources(repoDir)) {
    const range = findDeclaration(file, pattern);
    if (range) return range;
  }
  return null;
}

/** 'src/optim/adam.ts:36-79' */
export function formatRange(r: SourceRange): string {
  return r.start === r.end ? `${r.file}:${r.start}` : `${r.file}:${r.start}-${r.end}`;
}
