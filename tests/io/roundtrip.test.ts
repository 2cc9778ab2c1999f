/** Save → load gives back the same model: predictions, config, optimizer state, Rng streams. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Dense } from '../../src/layers';
import { Sequential } from '../../src/train/sequential';
import { loadCheckpoint, loadModel, saveModel } from '../../src/train/io';
import { History } from '../../src/train/history';
import { everyLayerModel, removeTempDirs, tempDir, trainedEveryLayerModel, uniformTensor } from './helpers';

afterAll(removeTempDirs);

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('save → load round trip', () => {
  test('a model with every layer kind predicts bit-identically and has the same config', () => {
    const model = trainedEveryLayerModel('adam', 3);
    const dir = tempDir();
    saveModel(model, dir);
    const loaded = loadModel(dir);
    const x = uniformTensor([9, 3, 4], 5);
    expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(model.predict(x).data));
    expect(loaded.getConfig()).toEqual(model.getConfig());
    expect(loaded.dtype).toBe('float32');
    expect(loaded.getWeights().map((w) => Array.from(w.data))).toEqual(model.getWeights().map((w) => Array.from(w.data)));
  });

  test('the optimizer comes back with its config, iterations and every slot', () => {
    const model = trainedEveryLayerModel('nadam', 4);
    const dir = tempDir();
    model.save(dir);
    const loaded = loadModel(dir);
    expect(loaded.optimizer!.className).toBe('Nadam');
    expect(loaded.optimizer!.getConfig()).toEqual(model.optimizer!.getConfig());
    const a = model.optimizer!.getState();
    const b = loaded.optimizer!.getState();
    expect(b.iterations).toBe(4);
    expect(b.extra).toEqual(a.extra);
    expect(Object.keys(b.slots).sort()).toEqual(Object.keys(a.slots).sort());
    for (const [param, slots] of Object.entries(a.slots)) {
      for (const [slot, values] of Object.entries(slots)) expect(Array.from(b.slots[param][slot])).toEqual(Array.from(values));
    }
    expect(loaded.loss!.name).toBe('categorical_crossentropy');
  });

  test('Rng streams (model and dropout) continue where they were', () => {
    const model = trainedEveryLayerModel('sgd', 2);
    const dir = tempDir();
    saveModel(model, dir);
    const loaded = loadModel(dir);
    expect(loaded.getRandomState()).toEqual(model.getRandomState());
    expect(loaded.rng.uniform()).toBe(model.rng.uniform());
  });

  test('model.json is a TF.js layers-model pointing at the weights and the side file', () => {
    const model = trainedEveryLayerModel('sgd', 1);
    const dir = tempDir();
    const result = saveModel(model, dir);
    const json = readJson(path.join(dir, 'model.json')) as {
      format: string;
      convertedBy: null;
      generatedBy: string;
      modelTopology: { class_name: string; config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
      weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
      userDefinedMetadata: { mlp: { sideFile: string } };
    };
    expect(json.format).toBe('layers-model');
    expect(json.convertedBy).toBeNull();
    expect(json.generatedBy).toMatch(/^mlp \d+\.\d+\.\d+/);
    const layers = json.modelTopology.config.layers;
    // Dense(leaky_relu) is written as Dense(linear) + LeakyReLU: TF.js has no leaky_relu activation.
    expect(layers.map((l) => l.class_name).join(' ')).toBe(
      'Reshape Dense LeakyReLU Dropout PReLU Activation Dense LeakyReLU Dense Dense Dense Reshape Flatten',
    );
    expect(layers[0].config.batch_input_shape).toEqual([null, 3, 4]);
    expect(layers[1].config.kernel_regularizer).toEqual({ class_name: 'L1L2', config: { l1: 0.001, l2: 0.002 } });
    expect(layers[1].config.kernel_initializer).toEqual({ class_name: 'GlorotUniform', config: { seed: null } });
    expect(layers[4].config.alpha_initializer).toEqual({ class_name: 'Constant', config: { value: 0.1 } });
    expect(layers[6].config.activation).toBe('linear');
    expect(layers[7].config).toEqual({ alpha: 0.1, name: 'dense_1_leaky_re_lu', trainable: true });
    expect(layers[8].config.kernel_initializer).toEqual({
      class_name: 'RandomNormal',
      config: { mean: 0, stddev: 1 / Math.sqrt(6), seed: null },
    });
    expect(layers[9].config.kernel_initializer).toEqual({
      class_name: 'VarianceScaling',
      config: { scale: 1, mode: 'fan_in', distribution: 'uniform', seed: null },
    });
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual([`weights-${result.generation}.bin`]);
    expect(json.weightsManifest[0].weights.map((w) => w.name)).toEqual(model.params().map((p) => p.name));
    const bytes = fs.readFileSync(path.join(dir, json.weightsManifest[0].paths[0]));
    expect(bytes.length).toBe(4 * model.params().reduce((s, p) => s + p.value.length, 0));
    // Little-endian float32, in manifest order: the first value is dense/kernel[0][0].
    expect(bytes.readFloatLE(0)).toBe(model.params()[0].value[0]);
    expect(fs.readdirSync(dir).sort()).toEqual(['mlp-1.json', 'model.json', 'optimizer-1.bin', 'weights-1.bin']);
  });

  test('saving again replaces the previous generation and leaves no temp files', () => {
    const model = trainedEveryLayerModel('sgd', 1);
    const dir = tempDir();
    saveModel(model, dir);
    model.compile({ loss: 'categorical_crossentropy', optimizer: 'sgd' });
    const second = saveModel(model, dir);
    expect(second.generation).toBe(2);
    expect(fs.readdirSync(dir).sort()).toEqual(['mlp-2.json', 'model.json', 'optimizer-2.bin', 'weights-2.bin']);
  });

  test('an uncompiled model saves and loads uncompiled; a float64 model keeps its dtype', () => {
    const model = new Sequential([new Dense({ units: 2, inputShape: [3] })], { dtype: 'float64', seed: 3 });
    model.build();
    const dir = tempDir();
    saveModel(model, dir);
    const loaded = loadModel(dir);
    expect(loaded.optimizer).toBeNull();
    expect(loaded.loss).toBeNull();
    expect(loaded.dtype).toBe('float64');
    expect(loaded.seed).toBe(3);
    // Weights are stored as float32 (the TF.js format): a float64 model comes back rounded to float32.
    expect(Array.from(loaded.params()[0].value)).toEqual(Array.from(Float32Array.from(model.params()[0].value)));
  });

  test('extras (epoch, history with NaN and Infinity, free state) come back', () => {
    const model = trainedEveryLayerModel('sgd', 1);
    const history = new History();
    history.onEpochEnd(0, { loss: 1.5, val_loss: NaN });
    history.onEpochEnd(1, { loss: Infinity, val_loss: 0.5 });
    const dir = tempDir();
    saveModel(model, dir, { epoch: 2, history, state: { best: -Infinity, wait: 1, note: 'x' } });
    const ckpt = loadCheckpoint(dir);
    expect(ckpt.epoch).toBe(2);
    expect(ckpt.resumable).toBe(true);
    expect(ckpt.history.epoch).toEqual([0, 1]);
    expect(ckpt.history.history).toEqual({ loss: [1.5, Infinity], val_loss: [NaN, 0.5] });
    expect(ckpt.state).toEqual({ best: -Infinity, wait: 1, note: 'x' });
  });

  test('loadModel accepts the path of model.json itself', () => {
    const model = everyLayerModel();
    model.build();
    const dir = tempDir();
    saveModel(model, dir);
    expect(loadModel(path.join(dir, 'model.json')).getConfig()).toEqual(model.getConfig());
  });

  test('an unbuilt model cannot be saved, and nothing is written', () => {
    const dir = path.join(tempDir(), 'never');
    expect(() => saveModel(new Sequential([new Dense({ units: 2 })]), dir)).toThrow(expect.objectContaining({ code: 'NOT_BUILT' }));
    expect(fs.existsSync(dir)).toBe(false);
  });
});
