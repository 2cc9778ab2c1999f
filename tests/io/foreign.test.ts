/**
 * model.json without our side file: what TF.js and Keras-converted files give us, and what our own
 * model.json says on its own (the side file dropped) — every initialiser, regulariser and layer
 * option must map back.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCheckpoint, saveModel } from '../../src/train/io';
import { Rng } from '../../src/tensor';
import { removeTempDirs, tempDir, trainedEveryLayerModel, uniformTensor } from './helpers';

afterAll(removeTempDirs);

test('our model.json alone maps back to our layers (Dense(leaky_relu) as Dense + LeakyReLU), same predictions', () => {
  const model = trainedEveryLayerModel('sgd', 2);
  const dir = tempDir();
  saveModel(model, dir);
  const file = path.join(dir, 'model.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete json.userDefinedMetadata;
  fs.writeFileSync(file, JSON.stringify(json));

  const ckpt = loadCheckpoint(dir);
  expect(ckpt.resumable).toBe(false);
  expect(ckpt.notes).toEqual([]);
  const expected = model.getConfig().layers.flatMap((l) => {
    const { alpha, ...rest } = l.config as Record<string, unknown>;
    if (l.className === 'Dense' && rest.activation === 'leaky_relu') {
      return [
        { className: 'Dense', config: { ...rest, activation: 'linear' } },
        { className: 'LeakyReLU', config: { name: `${String(rest.name)}_leaky_re_lu`, alpha } },
      ];
    }
    return [l];
  });
  expect(ckpt.model.getConfig().layers).toEqual(expected);
  const x = uniformTensor([7, 3, 4], 4);
  expect(Array.from(ckpt.model.predict(x).data)).toEqual(Array.from(model.predict(x).data));
});

test('a Keras 3 style model.json (batch_shape, negative_slope, L2, Reshape -1, leaky_relu string, untruncated VarianceScaling) loads', () => {
  const rng = new Rng(5);
  const w = Float32Array.from({ length: 6 * 2 + 2 }, () => rng.uniformRange(-1, 1));
  const dir = tempDir();
  const layer = (class_name: string, config: Record<string, unknown>) => ({
    module: 'keras.layers',
    class_name,
    config,
    registered_name: null,
  });
  const json = {
    format: 'layers-model',
    generatedBy: 'keras v3.8.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 'sequential',
        trainable: true,
        layers: [
          layer('InputLayer', { batch_shape: [null, 2, 3], dtype: 'float32', sparse: false, name: 'input_layer' }),
          layer('Reshape', { name: 'reshape', trainable: true, dtype: 'float32', target_shape: [-1] }),
          layer('Dense', {
            name: 'dense',
            trainable: true,
            units: 2,
            activation: 'leaky_relu',
            use_bias: true,
            // Keras 3's untruncated VarianceScaling(1, fan_in) is Nielsen's N(0, 1/√fanIn).
            kernel_initializer: {
              module: 'keras.initializers',
              class_name: 'VarianceScaling',
              config: { scale: 1.0, mode: 'fan_in', distribution: 'untruncated_normal', seed: null },
              registered_name: null,
            },
            bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null },
            kernel_regularizer: { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.005 }, registered_name: null },
            bias_regularizer: null,
            kernel_constraint: null,
            bias_constraint: null,
          }),
          layer('LeakyReLU', { name: 'leaky_re_lu', trainable: true, dtype: 'float32', negative_slope: 0.1 }),
        ],
      },
    },
    weightsManifest: [
      {
        paths: ['group1-shard1of1.bin'],
        weights: [
          { name: 'dense/kernel', shape: [6, 2], dtype: 'float32' },
          { name: 'dense/bias', shape: [2], dtype: 'float32' },
        ],
      },
    ],
  };
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
  fs.writeFileSync(path.join(dir, 'group1-shard1of1.bin'), Buffer.from(w.buffer));
  const model = loadCheckpoint(dir).model;
  expect(model.getConfig().layers).toEqual([
    { className: 'Reshape', config: { name: 'reshape', inputShape: [2, 3], targetShape: [6] } },
    {
      className: 'Dense',
      config: {
        name: 'dense',
        units: 2,
        activation: 'leaky_relu',
        useBias: true,
        kernelInitializer: 'nielsen',
        biasInitializer: 'zeros',
        kernelRegularizer: { className: 'L2', config: { l2: 0.005 } },
        biasRegularizer: null,
        alpha: 0.2,
      },
    },
    { className: 'LeakyReLU', config: { name: 'leaky_re_lu', alpha: 0.1 } },
  ]);
  // Keras 3's leaky_relu activation has slope 0.2, the LeakyReLU layer after it 0.1: both apply.
  const x = uniformTensor([1, 2, 3], 6);
  const out = model.predict(x).data;
  for (let k = 0; k < 2; k++) {
    let z = w[12 + k];
    for (let i = 0; i < 6; i++) z += x.data[i] * w[i * 2 + k];
    const leaky = z > 0 ? z : 0.2 * z;
    expect(out[k]).toBeCloseTo(leaky > 0 ? leaky : 0.1 * leaky, 6);
  }
});
