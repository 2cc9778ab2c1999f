/**
 * Interop with TensorFlow.js 4.22 (the pure-JS CPU backend): our saved folder loads with
 * `tf.loadLayersModel` and predicts what we predict; TF.js's own `model.save` output and a
 * converter-style Keras model.json load in ours. `file://` needs tfjs-node, so a small IOHandler
 * reads the folder the way tfjs-node's file handler does (model.json, then each manifest path).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Dense, Flatten } from '../../src/layers';
import { Sequential } from '../../src/train/sequential';
import { loadCheckpoint, loadModel, saveModel } from '../../src/train/io';
import { Rng } from '../../src/tensor';
import { removeTempDirs, tempDir, trainedEveryLayerModel, uniformTensor } from './helpers';

let warn: jest.SpyInstance;
beforeAll(async () => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); // tfjs's "install tfjs-node" banner
  await tf.setBackend('cpu');
});
afterAll(() => {
  warn.mockRestore();
  removeTempDirs();
});

/** Reads a model folder as tf.io.ModelArtifacts (what tfjs-node's file:// handler does). */
function folderHandler(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      const shards = json.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(dir, p))));
      const all = Buffer.concat(shards);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

/** Writes TF.js save artifacts the way tfjs-node's file:// handler does: model.json + weights.bin. */
function folderWriter(dir: string): tf.io.IOHandler {
  return {
    save: async (artifacts) => {
      const { weightData, weightSpecs, ...rest } = artifacts;
      const json = { ...rest, weightsManifest: [{ paths: ['./weights.bin'], weights: weightSpecs }] };
      fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
      fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(weightData as ArrayBuffer));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
  };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

test('our saved model (every layer kind, trained) loads in tf.loadLayersModel and predicts the same to 1e-5', async () => {
  const model = trainedEveryLayerModel('adam', 5);
  const dir = tempDir();
  saveModel(model, dir);
  const tfModel = await tf.loadLayersModel(folderHandler(dir));
  const x = uniformTensor([20, 3, 4], 99);
  const ours = model.predict(x).data;
  const theirs = (tfModel.predict(tf.tensor(Array.from(x.data), [20, 3, 4])) as tf.Tensor).dataSync();
  expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-5);
  expect(tfModel.layers.map((l) => l.name)[0]).toBe('reshape');
  // The PReLU alphas were trained away from their start (so the test would notice them missing).
  const alpha = model.layers[4].params()[0].value;
  expect(alpha.some((a) => Math.abs(a - 0.1) > 1e-3)).toBe(true);
});

test('a Flatten of an already flat input (which TF.js refuses) is written as Reshape and loads there', async () => {
  const model = new Sequential([new Dense({ units: 4, activation: 'tanh', inputShape: [3] }), new Flatten(), new Dense({ units: 2 })], {
    seed: 4,
  });
  model.build();
  const dir = tempDir();
  saveModel(model, dir);
  const tfModel = await tf.loadLayersModel(folderHandler(dir));
  expect(tfModel.layers.map((l) => l.getClassName()).join(' ')).toBe('Dense Reshape Dense');
  const x = uniformTensor([5, 3], 2);
  const theirs = (tfModel.predict(tf.tensor(Array.from(x.data), [5, 3])) as tf.Tensor).dataSync();
  expect(maxAbsDiff(model.predict(x).data, theirs)).toBeLessThan(1e-5);
  expect(
    loadModel(dir)
      .layers.map((l) => l.className)
      .join(' '),
  ).toBe('Dense Flatten Dense');
});

test("TF.js's own model.save output loads in ours (weights only, uncompiled) with the same predictions", async () => {
  const m = tf.sequential();
  m.add(tf.layers.reshape({ targetShape: [12], inputShape: [3, 4] }));
  m.add(tf.layers.dense({ units: 7, activation: 'relu', kernelRegularizer: tf.regularizers.l1l2({ l1: 0.01, l2: 0.02 }) }));
  m.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  m.add(tf.layers.dropout({ rate: 0.3 }));
  m.add(tf.layers.prelu({ alphaInitializer: tf.initializers.constant({ value: 0.15 }) }));
  m.add(tf.layers.activation({ activation: 'tanh' }));
  m.add(tf.layers.dense({ units: 4, activation: 'sigmoid', kernelInitializer: 'heNormal', biasInitializer: 'randomNormal' }));
  m.add(tf.layers.dense({ units: 3, activation: 'softmax', useBias: false }));
  m.add(tf.layers.reshape({ targetShape: [1, 3] }));
  m.add(tf.layers.flatten());
  const dir = tempDir();
  await m.save(folderWriter(dir));

  const ckpt = loadCheckpoint(dir);
  expect(ckpt.resumable).toBe(false);
  expect(ckpt.model.optimizer).toBeNull();
  expect(ckpt.generatedBy).toMatch(/^TensorFlow\.js tfjs-layers/);
  expect(ckpt.model.layers.map((l) => l.className).join(' ')).toBe(
    'Reshape Dense LeakyReLU Dropout PReLU Activation Dense Dense Reshape Flatten',
  );
  // TF.js's Dense default glorotNormal is written as VarianceScaling(1, fan_avg, normal), its
  // 'normal' being the truncated one: read back as glorot_normal.
  expect((ckpt.model.layers[1].getConfig() as { kernelInitializer: string }).kernelInitializer).toBe('glorot_normal');
  // Its randomNormal bias initialiser (stddev 0.05) has no name here: noted, weights unaffected.
  expect(ckpt.notes).toEqual([expect.stringMatching(/layer 6 \('dense_Dense2'\): bias_initializer .*RandomNormal.* recorded as zeros/)]);
  const x = uniformTensor([10, 3, 4], 3);
  const theirs = (m.predict(tf.tensor(Array.from(x.data), [10, 3, 4])) as tf.Tensor).dataSync();
  expect(maxAbsDiff(ckpt.model.predict(x).data, theirs)).toBeLessThan(1e-5);
});

/** A model folder as tensorflowjs_converter writes it from a Keras 2 .h5 (model_config, InputLayer, shard names). */
function writeKerasConverted(dir: string): { w1: Float32Array; b1: Float32Array; w2: Float32Array } {
  const rng = new Rng(21);
  const values = (n: number) => Float32Array.from({ length: n }, () => rng.uniformRange(-1, 1));
  const w1 = values(4 * 3);
  const b1 = values(3);
  const w2 = values(3 * 2);
  const json = {
    format: 'layers-model',
    generatedBy: 'keras v2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: {
      keras_version: '2.15.0',
      backend: 'tensorflow',
      model_config: {
        class_name: 'Sequential',
        config: {
          name: 'sequential',
          layers: [
            {
              class_name: 'InputLayer',
              config: { batch_input_shape: [null, 4], dtype: 'float32', sparse: false, ragged: false, name: 'dense_input' },
            },
            {
              class_name: 'Dense',
              config: {
                name: 'dense',
                trainable: true,
                dtype: 'float32',
                units: 3,
                activation: 'relu',
                use_bias: true,
                kernel_initializer: {
                  module: 'keras.initializers',
                  class_name: 'GlorotUniform',
                  config: { seed: null },
                  registered_name: null,
                },
                bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null },
                kernel_regularizer: {
                  module: 'keras.regularizers',
                  class_name: 'L1L2',
                  config: { l1: 0, l2: 0.01 },
                  registered_name: null,
                },
                bias_regularizer: null,
                activity_regularizer: null,
                kernel_constraint: null,
                bias_constraint: null,
              },
            },
            { class_name: 'LeakyReLU', config: { name: 'leaky_re_lu', trainable: true, dtype: 'float32', alpha: 0.2 } },
            {
              class_name: 'Dense',
              config: {
                name: 'dense_1',
                trainable: true,
                dtype: 'float32',
                units: 2,
                activation: 'softmax',
                use_bias: false,
                kernel_initializer: {
                  class_name: 'VarianceScaling',
                  config: { scale: 2.0, mode: 'fan_in', distribution: 'truncated_normal', seed: null },
                },
                bias_initializer: { class_name: 'Zeros', config: {} },
                kernel_regularizer: null,
                bias_regularizer: null,
                activity_regularizer: null,
                kernel_constraint: null,
                bias_constraint: null,
              },
            },
          ],
        },
      },
      training_config: {
        loss: 'categorical_crossentropy',
        metrics: ['accuracy'],
        optimizer_config: { class_name: 'Adam', config: { learning_rate: 0.001 } },
      },
    },
    weightsManifest: [
      {
        paths: ['group1-shard1of1.bin'],
        weights: [
          { name: 'dense/kernel', shape: [4, 3], dtype: 'float32' },
          { name: 'dense/bias', shape: [3], dtype: 'float32' },
          { name: 'dense_1/kernel', shape: [3, 2], dtype: 'float32' },
        ],
      },
    ],
  };
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
  fs.writeFileSync(path.join(dir, 'group1-shard1of1.bin'), Buffer.concat([w1, b1, w2].map((a) => Buffer.from(a.buffer))));
  return { w1, b1, w2 };
}

test('a converter-style Keras model.json loads in ours and in TF.js with the same predictions', async () => {
  const dir = tempDir();
  const { w1, b1, w2 } = writeKerasConverted(dir);
  const ckpt = loadCheckpoint(dir);
  const model = ckpt.model;
  expect(model.layers.map((l) => `${l.className}:${l.name}`)).toEqual(['Dense:dense', 'LeakyReLU:leaky_re_lu', 'Dense:dense_1']);
  expect(model.getConfig().layers[1].config).toEqual({ name: 'leaky_re_lu', alpha: 0.2 });
  expect((model.layers[2].getConfig() as { kernelInitializer: string }).kernelInitializer).toBe('he_normal');
  const x = uniformTensor([6, 4], 8);
  const ours = model.predict(x).data;
  // By hand: h = leaky(relu(x·W1 + b1)) (relu then leaky is relu), p = softmax(h·W2).
  for (let r = 0; r < 6; r++) {
    const h = [0, 1, 2].map((j) => Math.max(0, b1[j] + [0, 1, 2, 3].reduce((s, i) => s + x.data[r * 4 + i] * w1[i * 3 + j], 0)));
    const z = [0, 1].map((k) => h.reduce((s, hj, j) => s + hj * w2[j * 2 + k], 0));
    const e = z.map((v) => Math.exp(v - Math.max(...z)));
    e.forEach((v, k) => expect(ours[r * 2 + k]).toBeCloseTo(v / (e[0] + e[1]), 6));
  }
  const tfModel = await tf.loadLayersModel(folderHandler(dir));
  const theirs = (tfModel.predict(tf.tensor(Array.from(x.data), [6, 4])) as tf.Tensor).dataSync();
  expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-5);
});
