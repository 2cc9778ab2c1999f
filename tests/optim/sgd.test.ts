import { SGD } from '../../src/optim/sgd';
import { G1, expectClose, trajectory } from './helpers';

describe('SGD golden values (MATH.md §17, G1, lr 0.1, μ 0.9)', () => {
  test('plain', () => {
    expectClose(trajectory(new SGD({ learningRate: 0.1 }), G1), [0.95, 0.98, 0.9, 0.9, 0.78]);
  });
  test('momentum, keras and pytorch conventions', () => {
    const want = [0.95, 0.935, 0.8415, 0.75735, 0.561615];
    expectClose(trajectory(new SGD({ learningRate: 0.1, momentum: 0.9 }), G1), want);
    expectClose(trajectory(new SGD({ learningRate: 0.1, momentum: 0.9, momentumConvention: 'pytorch' }), G1), want);
  });
  test('nesterov, keras and pytorch conventions', () => {
    const want = [0.905, 0.9215, 0.75735, 0.681615, 0.3854535];
    expectClose(trajectory(new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }), G1), want);
    expectClose(trajectory(new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true, momentumConvention: 'pytorch' }), G1), want);
  });
});
