/**
 * Running the real CLI (`node bin/mlp.js …`, the compiled dist/) as a subprocess. If dist/ is
 * missing the first call builds it once with `npm run build` (the CI builds before `npm test`; a
 * stale dist/ is not rebuilt: run `npm run build` after changing src/ or bin/).
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const MLP = path.join(ROOT, 'bin', 'mlp.js');

export function ensureBuilt(): void {
  if (fs.existsSync(path.join(ROOT, 'dist', 'bin', 'main.js'))) return;
  spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  if (!fs.existsSync(path.join(ROOT, 'dist', 'bin', 'main.js'))) throw new Error('npm run build did not produce dist/bin/main.js');
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `mlp args…` to completion in `cwd`. */
export function mlp(args: string[], cwd = os.tmpdir()): Promise<Ran> {
  return collect(start(args, cwd));
}

export function start(args: string[], cwd = os.tmpdir()): ChildProcess {
  return spawn(process.execPath, [MLP, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function collect(child: ChildProcess): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

export function tmpDir(prefix = 'mlp-cli-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** JSON lines of stdout, each parsed (fails the test on a line that is not JSON). */
export function jsonLines(stdout: string): Record<string, number>[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, number>);
}

/** Files in `dir` (recursively) whose names show an unfinished atomic write. */
export function tempFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.tmp-\d+-\d+$/.test(f));
}
