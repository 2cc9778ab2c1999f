/**
 * A save killed at any moment leaves the previous complete checkpoint or the new complete one.
 *
 * crash-child.js (plain JS, compiling src/ on require; see its header) saves one model again and
 * again, save k writing the value k everywhere (weights, slots, iterations, epoch) and printing
 * "saved k" afterwards. It is SIGKILLed either at exact points of the commit protocol (KILL_AT:
 * just before its n-th call of an fs function) or after a delay. Then the folder must load, hold a
 * single k throughout, and k must be the last printed save or the one after it.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCheckpoint, saveModel } from '../../src/train/io';
import { removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

const CHILD = path.join(__dirname, 'crash-child.js');

interface ChildRun {
  lastSaved: number;
  signal: NodeJS.Signals | null;
}

/** Runs the child on `dir`; kills it `delayMs` after its first complete save (when given). */
function runChild(dir: string, killAt: string | null, delayMs: number | null): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir], {
      env: { ...process.env, KILL_AT: killAt ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    const guard = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (delayMs !== null && timer === null && out.includes('saved 1\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`child ended without being killed (signal ${signal}): ${err}`));
      const saved = [...out.matchAll(/saved (\d+)/g)].map((m) => Number(m[1]));
      resolve({ lastSaved: saved.length ? saved[saved.length - 1] : 0, signal });
    });
  });
}

/** The folder loads, holds one k in every file, and k is the last printed save or the next. */
function expectOneCompleteCheckpoint(dir: string, run: ChildRun): number {
  const ckpt = loadCheckpoint(dir);
  const k = ckpt.epoch;
  expect([run.lastSaved, run.lastSaved + 1]).toContain(k);
  for (const p of ckpt.model.params()) expect(p.value.every((v) => v === k)).toBe(true);
  const state = ckpt.model.optimizer!.getState();
  expect(state.iterations).toBe(k);
  for (const slots of Object.values(state.slots))
    for (const values of Object.values(slots)) expect(values.every((v) => v === k)).toBe(true);
  return k;
}

/** The next save cleans what the killed one left (stale generation files, temp files of a dead writer). */
function expectNextSaveCleansUp(dir: string): void {
  const ckpt = loadCheckpoint(dir);
  const { generation } = saveModel(ckpt.model, dir, { epoch: ckpt.epoch });
  expect(fs.readdirSync(dir).sort()).toEqual([
    `mlp-${generation}.json`,
    'model.json',
    `optimizer-${generation}.bin`,
    `weights-${generation}.bin`,
  ]);
}

// Each save writes and renames 4 files (weights, optimizer, side file, then model.json = the commit) and, from
// the second save on, deletes the previous generation's 3 files. Save 3 is writes and renames 9–12, deletes 4–6.
const points: [string, number, string][] = [
  ['writeFileSync:10', 2, 'save 3: optimizer temp file created, nothing written to it'],
  ['renameSync:9', 2, 'save 3: weights written, not renamed'],
  ['renameSync:11', 2, 'save 3: weights and optimizer in place, side file not renamed'],
  ['writeFileSync:12', 2, 'save 3: every payload in place, model.json temp file created, nothing written to it'],
  ['renameSync:12', 2, 'save 3: every payload in place, model.json written, not renamed'],
  ['unlinkSync:4', 3, 'save 3: model.json renamed (committed), old generation not yet deleted'],
];

test.each(points)('killed at %s → generation %d (%s)', async (killAt, expected) => {
  const dir = path.join(tempDir(), 'model');
  const run = await runChild(dir, killAt, null);
  expect(run.lastSaved).toBe(2);
  expect(expectOneCompleteCheckpoint(dir, run)).toBe(expected);
  expectNextSaveCleansUp(dir);
});

test.each([0, 23, 71])('killed %d ms after its first save → one complete checkpoint', async (delayMs) => {
  const dir = path.join(tempDir(), 'model');
  const run = await runChild(dir, null, delayMs);
  expect(run.lastSaved).toBeGreaterThanOrEqual(1);
  expectOneCompleteCheckpoint(dir, run);
  expectNextSaveCleansUp(dir);
});
