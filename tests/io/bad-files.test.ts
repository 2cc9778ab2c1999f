/**
 * Bad input when loading: every case is an MlpError NOT_FOUND or BAD_FILE whose message names the
 * file and what is wrong, thrown before weights are allocated, and the folder is left untouched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Dense } from '../../src/layers';
import { Sequential } from '../../src/train/sequential';
import { loadModel, saveModel } from '../../src/train/io';
import { removeTempDirs, tempDir, trainedEveryLayerModel } from './helpers';

afterAll(removeTempDirs);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A saved 4-3-2 model (compiled, trained one step) in a fresh folder. */
function savedSmall(units = 3): string {
  const model = new Sequential(
    [new Dense({ units, activation: 'relu', inputShape: [4] }), new Dense({ units: 2, activation: 'softmax' })],
    { seed: 5 },
  );
  model.compile({ loss: 'categorical_crossentropy', optimizer: 'adam' });
  model.build();
  const dir = tempDir();
  saveModel(model, dir);
  return dir;
}

function editJson(file: string, edit: (json: Json) => void): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
  edit(json);
  fs.writeFileSync(file, JSON.stringify(json));
}

/** Every file name with its bytes: to show a failed load wrote nothing. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]));
}

function expectLoadError(dir: string, code: 'BAD_FILE' | 'NOT_FOUND', message: RegExp): void {
  const before = fs.existsSync(dir) ? snapshot(dir) : null;
  let error: unknown;
  try {
    loadModel(dir);
  } catch (e) {
    error = e;
  }
  expect(error).toMatchObject({ name: 'MlpError', code });
  expect((error as Error).message).toMatch(message);
  if (before) expect(snapshot(dir)).toEqual(before);
}

const mj = (dir: string) => path.join(dir, 'model.json');

describe('loading rejects bad folders and files', () => {
  test('a missing folder', () => {
    expectLoadError(path.join(tempDir(), 'nope'), 'NOT_FOUND', /no saved model at '.*nope': no such folder/);
  });

  test('a folder without model.json', () => {
    expectLoadError(tempDir(), 'NOT_FOUND', /model\.json: missing \(the model folder '.*' has no model\.json\)/);
  });

  test('a model.json that is not JSON', () => {
    const dir = savedSmall();
    fs.writeFileSync(mj(dir), '{"format": "layers-model", "modelTopology": {');
    expectLoadError(dir, 'BAD_FILE', /model\.json: not valid JSON/);
  });

  test('a weights file shorter or longer than the manifest says', () => {
    const dir = savedSmall();
    const weights = path.join(dir, 'weights-1.bin');
    const bytes = fs.readFileSync(weights);
    // 4·3 + 3 + 3·2 + 2 = 23 float32 values = 92 bytes.
    expect(bytes.length).toBe(92);
    fs.writeFileSync(weights, bytes.subarray(0, 88));
    expectLoadError(dir, 'BAD_FILE', /weights-1\.bin: 88 bytes but model\.json weightsManifest\[0\] says 92 bytes \(truncated\)/);
    fs.writeFileSync(weights, Buffer.concat([bytes, Buffer.alloc(4)]));
    expectLoadError(dir, 'BAD_FILE', /weights-1\.bin: 96 bytes but .* says 92 bytes \(too long\)/);
    fs.rmSync(weights);
    expectLoadError(dir, 'NOT_FOUND', /weights-1\.bin: missing \(model\.json weightsManifest lists it\)/);
  });

  test('absurd shapes (10⁹ units) are rejected before anything is allocated', () => {
    const dir = savedSmall();
    editJson(mj(dir), (j) => {
      j.modelTopology.config.layers[0].config.units = 1e9;
      j.weightsManifest[0].weights[0].shape = [4, 1e9];
    });
    expectLoadError(
      dir,
      'BAD_FILE',
      /layer 0 \('dense'\): weight dense\/kernel \[4, 1000000000\] has 4000000000 values, more than the limit 268435456/,
    );
    // Below the limit but not matching the 92-byte file: caught by the size check (stat), before reading.
    editJson(mj(dir), (j) => {
      j.modelTopology.config.layers[0].config.units = 1e7;
      j.modelTopology.config.layers[1].config.units = 2;
      j.weightsManifest[0].weights = [
        { name: 'dense/kernel', shape: [4, 1e7], dtype: 'float32' },
        { name: 'dense/bias', shape: [1e7], dtype: 'float32' },
        { name: 'dense_1/kernel', shape: [1e7, 2], dtype: 'float32' },
        { name: 'dense_1/bias', shape: [2], dtype: 'float32' },
      ];
      delete j.userDefinedMetadata;
    });
    expectLoadError(dir, 'BAD_FILE', /weights-1\.bin: 92 bytes but model\.json weightsManifest\[0\] says 280000008 bytes \(truncated\)/);
  });

  test('an unknown layer type', () => {
    const dir = savedSmall();
    editJson(mj(dir), (j) => (j.modelTopology.config.layers[1].class_name = 'Conv2D'));
    expectLoadError(
      dir,
      'BAD_FILE',
      /layer 1 \('dense_1'\): unknown layer type 'Conv2D': valid layer types are Dense, Activation, LeakyReLU, PReLU, Dropout, Flatten, Reshape/,
    );
  });

  test('weights stored as another dtype, or quantized', () => {
    const dir = savedSmall();
    editJson(mj(dir), (j) => (j.weightsManifest[0].weights[1].dtype = 'int32'));
    expectLoadError(
      dir,
      'BAD_FILE',
      /weightsManifest\[0\]\.weights\[1\] \('dense\/bias'\) is stored dtype "int32"; only unquantized float32/,
    );
    editJson(mj(dir), (j) => {
      j.weightsManifest[0].weights[1].dtype = 'float32';
      j.weightsManifest[0].weights[0].quantization = { dtype: 'uint8', scale: 0.1, min: -1 };
    });
    expectLoadError(dir, 'BAD_FILE', /\('dense\/kernel'\) is stored quantized/);
  });

  test('a manifest whose names or shapes do not fit the layers, or whose paths leave the folder', () => {
    const dir = savedSmall();
    editJson(mj(dir), (j) => (j.weightsManifest[0].weights[0].name = 'dense/kernel_0'));
    expectLoadError(dir, 'BAD_FILE', /weightsManifest has no weight 'dense\/kernel'/);
    editJson(mj(dir), (j) => {
      j.weightsManifest[0].weights[0].name = 'dense/kernel';
      j.weightsManifest[0].weights[0].shape = [3, 4];
    });
    expectLoadError(dir, 'BAD_FILE', /weight 'dense\/kernel' has shape \[3, 4\] in weightsManifest but the layers need \[4, 3\]/);
    editJson(mj(dir), (j) => {
      j.weightsManifest[0].weights[0].shape = [4, 3];
      j.weightsManifest[0].paths = ['../weights-1.bin'];
    });
    expectLoadError(dir, 'BAD_FILE', /weightsManifest\[0\]\.paths\[0\] must name a file in the same folder, got "\.\.\/weights-1\.bin"/);
  });

  test('a TF.js graph model', () => {
    const dir = savedSmall();
    editJson(mj(dir), (j) => (j.format = 'graph-model'));
    expectLoadError(dir, 'BAD_FILE', /format "graph-model": only TF\.js 'layers-model' files can be loaded/);
  });

  test('a side file that is missing, from another save, or of a newer format', () => {
    const dir = savedSmall(3);
    const other = savedSmall(5);
    fs.copyFileSync(path.join(other, 'mlp-1.json'), path.join(dir, 'mlp-1.json'));
    expectLoadError(
      dir,
      'BAD_FILE',
      /mlp-1\.json: does not describe the model in .*model\.json \(modelTopology\.config\.layers\[0\]\.config\.units is 3 in model\.json, 5 in the side file\)/,
    );
    editJson(path.join(dir, 'mlp-1.json'), (j) => (j.formatVersion = 99));
    expectLoadError(dir, 'BAD_FILE', /mlp-1\.json: format version 99: this mlp \(.*\) reads version 1/);
    fs.rmSync(path.join(dir, 'mlp-1.json'));
    expectLoadError(dir, 'NOT_FOUND', /mlp-1\.json: missing \(.*model\.json refers to it; copy the whole folder/);
  });

  test('weights or optimizer slots changed after the save (same length, other bytes)', () => {
    const dir = savedSmall();
    const weights = path.join(dir, 'weights-1.bin');
    const bytes = fs.readFileSync(weights);
    bytes[5] ^= 0xff;
    fs.writeFileSync(weights, bytes);
    expectLoadError(dir, 'BAD_FILE', /weights-1\.bin: its checksum differs from the one .*mlp-1\.json records/);
  });

  test('an optimizer file of the wrong length', () => {
    const model = trainedEveryLayerModel('adam', 1);
    const dir = tempDir();
    saveModel(model, dir);
    const file = path.join(dir, 'optimizer-1.bin');
    fs.writeFileSync(file, fs.readFileSync(file).subarray(1));
    expectLoadError(dir, 'BAD_FILE', /optimizer-1\.bin: \d+ bytes but .*mlp-1\.json says \d+ bytes \(truncated\)/);
  });
});
