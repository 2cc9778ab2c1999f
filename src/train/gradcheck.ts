/**
 * Gradient check by central differences, for whole models (tests and `mlp gradcheck`).
 *
 *   numeric_i  = (L(θ + h·e_i) − L(θ − h·e_i)) / (2h)
 *   analytic_i = the backward pass's ∂L/∂θ_i   (data loss + weight penalties)
 *   relError_i = |analytic_i − numeric_i| / max(|analytic_i| + |numeric_i|, 1e-12)   (CS231n; 0 when both are 0)
 *
 * Run it on a float64 model (Sequential({dtype: 'float64'})): in float32 the differences drown in
 * rounding (reference/MATH.md §15). Dropout layers must have a `fixedMask` for L to be a function
 * of θ alone.
 */
import type { Tensor } from '../tensor/tensor';
import type { Sequential } from './sequential';

export interface ParamCheck {
  name: string;
  shape: number[];
  checked: number;
  maxRelError: number;
  maxAbsError: number;
}

export interface GradCheckOptions {
  /** Step h (default 1e-6). */
  epsilon?: number;
  /** Check at most this many entries per parameter tensor, spread evenly (default: all). */
  maxPerParam?: number;
}

/** Loss (data + penalties) of the model on (x, y) in training mode, without updating anything. */
export function modelLoss(model: Sequential, x: Tensor, y: Tensor): number {
  const out = model.forward(x, true);
  const loss = model.loss!;
  const last = model.layers[model.layers.length - 1] as unknown as { preActivation?: Tensor; activation?: { name: string } };
  const fused = last.activation?.name === loss.fusedActivation && last.preActivation !== undefined;
  const data = fused
    ? loss.computeFromLogits(last.preActivation!.data, y.data, out.rows, out.cols)
    : loss.compute(out.data, y.data, out.rows, out.cols);
  return data + model.regularizationLoss();
}

export function checkGradients(model: Sequential, x: Tensor, y: Tensor, opts: GradCheckOptions = {}): ParamCheck[] {
  const h = opts.epsilon ?? 1e-6;
  const out = model.forward(x, true);
  model.backwardFromLoss(out, y);
  for (const layer of model.layers) layer.addRegularizationGradients();
  const params = model.params();
  const analytic = params.map((p) => Float64Array.from(p.grad));
  return params.map((p, k) => {
    const n = p.value.length;
    const step = opts.maxPerParam && opts.maxPerParam < n ? n / opts.maxPerParam : 1;
    let maxRel = 0;
    let maxAbs = 0;
    let checked = 0;
    for (let f = 0; f < n; f += step) {
      const i = Math.floor(f);
      const saved = p.value[i];
      p.value[i] = saved + h;
      const plus = modelLoss(model, x, y);
      p.value[i] = saved - h;
      const minus = modelLoss(model, x, y);
      p.value[i] = saved;
      const numeric = (plus - minus) / (2 * h);
      const a = analytic[k][i];
      const abs = Math.abs(a - numeric);
      const denom = Math.abs(a) + Math.abs(numeric);
      const rel = denom < 1e-12 ? 0 : abs / denom;
      if (rel > maxRel || Number.isNaN(rel)) maxRel = rel;
      if (abs > maxAbs) maxAbs = abs;
      checked++;
    }
    return { name: p.name, shape: p.shape, checked, maxRelError: maxRel, maxAbsError: maxAbs };
  });
}
