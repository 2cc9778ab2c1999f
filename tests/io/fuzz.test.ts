/**
 * Fuzzing the model loader: a saved folder whose model.json, side file or weight files have some
 * bytes overwritten, cut short or extended may only load or throw an MlpError — no other exception,
 * no hang, no huge allocation (absurd declared shapes are rejected before allocating).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { MlpError } from '../../src/tensor/errors';
import { loadCheckpoint } from '../../src/train/io';
import { saveModel } from '../../src/train/io';
import { removeTempDirs, tempDir, trainedEveryLayerModel } from './helpers';

afterAll(removeTempDirs);

const SCALE = Number(process.env.MLP_FUZZ_SCALE ?? 1);

/** The files of a saved folder, by name, as bytes. */
function savedFolder(): { dir: string; files: Record<string, Uint8Array> } {
  const dir = tempDir();
  saveModel(trainedEveryLayerModel('adam', 2), dir);
  const files: Record<string, Uint8Array> = {};
  for (const name of fs.readdirSync(dir)) files[name] = new Uint8Array(fs.readFileSync(path.join(dir, name)));
  return { dir, files };
}

const mutation = fc.record({
  edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
  cut: fc.option(fc.nat(), { nil: undefined }),
  tail: fc.uint8Array({ maxLength: 8 }),
});

function mutate(base: Uint8Array, m: { edits: [number, number][]; cut?: number; tail: Uint8Array }): Uint8Array {
  const out = Uint8Array.from(base);
  for (const [at, v] of m.edits) out[at % out.length] = v;
  const kept = m.cut === undefined ? out : out.subarray(0, m.cut % (out.length + 1));
  return Uint8Array.from([...kept, ...m.tail]);
}

describe('fuzz: loading a damaged model folder only loads or throws MlpError', () => {
  const { files } = savedFolder();
  const names = Object.keys(files).sort();

  test('the folder has model.json, a side file and weight files to damage', () => {
    expect(names).toContain('model.json');
    expect(names.filter((n) => n.endsWith('.bin')).length).toBeGreaterThanOrEqual(1);
  });

  test.each(names)('damaging %s', (victim) => {
    const dir = tempDir();
    let loaded = 0;
    let rejected = 0;
    fc.assert(
      fc.property(mutation, (m) => {
        for (const name of names) fs.writeFileSync(path.join(dir, name), name === victim ? mutate(files[name], m) : files[name]);
        try {
          loadCheckpoint(dir);
          loaded++;
        } catch (e) {
          if (!(e instanceof MlpError)) throw new Error(`non-MlpError ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
          rejected++;
        }
      }),
      { numRuns: 60 * SCALE },
    );
    // the damage is noticed: most mutations of any file are rejected with a clear error
    expect(rejected).toBeGreaterThan(loaded);
  });
});
