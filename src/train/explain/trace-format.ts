/**
 * The text `mlp trace` prints: every matrix of a TraceResult (trace.ts) with its equation, written
 * with the symbols of the code (z, a, δ, ∂W, ∂b, the optimizer's slots) and `digits` significant
 * digits, so that a hand calculation can be checked line by line.
 */
import type { Matrix, TraceResult, TraceStep } from './trace';

function num(v: number, digits: number): string {
  if (v === 0) return '0';
  // toPrecision, then Number → string drops trailing zeros: 0.49 stays 0.49, not 0.490000.
  return String(Number(v.toPrecision(digits)));
}

/** A matrix as aligned rows, indented; a 1×n matrix prints on one line. */
export function formatMatrix(m: Matrix, digits: number, indent = '    '): string[] {
  const cells = m.data.map((v) => num(v, digits));
  const width = Math.max(...cells.map((c) => c.length));
  const lines: string[] = [];
  for (let r = 0; r < m.rows; r++) {
    const row = cells.slice(r * m.cols, (r + 1) * m.cols).map((c) => c.padStart(width));
    lines.push(`${indent}[ ${row.join('  ')} ]`);
  }
  return lines;
}

function block(title: string, m: Matrix, digits: number): string[] {
  return [`  ${title}   [${m.rows}×${m.cols}]`, ...formatMatrix(m, digits)];
}

/** 'dense/kernel' → 'W[1]', 'dense/bias' → 'b[1]', 'p_re_lu/alpha' → 'α(p_re_lu)'. */
function symbolOf(param: string, denseIndex: Map<string, number>): string {
  const [layer, kind] = param.split('/');
  const l = denseIndex.get(layer);
  if (kind === 'kernel') return `W[${l}]`;
  if (kind === 'bias') return `b[${l}]`;
  return `${kind}(${layer})`;
}

function formatStep(s: TraceStep, r: TraceResult, digits: number, denseIndex: Map<string, number>): string[] {
  const out: string[] = [`== step ${s.step} ==`, '', 'forward (training = true)'];
  for (const f of s.forward) {
    if (f.z) {
      const prev = f.index === 1 ? 'x' : `a[${f.index - 1}]`;
      out.push(...block(`z[${f.index}] = ${prev}·W[${f.index}] + b[${f.index}]`, f.z, digits));
      out.push(...block(`a[${f.index}] = ${f.activation}(z[${f.index}])`, f.a, digits));
    } else {
      out.push(...block(`a[${f.index}] = ${f.activation}(a[${f.index}])   (layer ${f.layer})`, f.a, digits));
    }
  }
  out.push(
    '',
    `loss = ${r.options.loss}(a[L], y)${s.penalty ? ' + penalty' : ''} = ${num(s.dataLoss, digits)}${s.penalty ? ` + ${num(s.penalty, digits)} = ${num(s.loss, digits)}` : ''}`,
  );
  out.push('', 'backward');
  for (const b of s.backward) {
    if (b.dA) {
      const rule =
        b.from?.dense !== undefined ? `δ[${b.from.dense}]·W[${b.from.dense}]ᵀ` : b.from ? `${b.from.layer}.backward` : 'loss.gradient';
      out.push(...block(`∂loss/∂(output of ${b.layer}) = ${rule}`, b.dA, digits));
    }
    if (b.delta) {
      const rule = b.dA ? `∂loss/∂a[${b.index}] ⊙ f'(z[${b.index}])` : '(p − y)/B   (softmax + cross-entropy, fused)';
      out.push(...block(`δ[${b.index}] = ${rule}`, b.delta, digits));
    }
    for (const [name, g] of Object.entries(b.grads)) {
      const sym =
        name === 'kernel'
          ? `∂W[${b.index}] = ${b.index === 1 ? 'x' : `a[${b.index - 1}]`}ᵀ·δ[${b.index}]`
          : name === 'bias'
            ? `∂b[${b.index}] = Σ_rows δ[${b.index}]`
            : `∂${name} (${b.layer})`;
      out.push(...block(sym, g, digits));
    }
  }
  out.push('', `optimizer ${r.options.optimizer}: t = ${s.t}, lr = ${num(s.lr, digits)}`);
  for (const p of s.params) {
    const sym = symbolOf(p.name, denseIndex);
    for (const [slot, m] of Object.entries(p.slots)) out.push(...block(`${slot} of ${sym} (after the step)`, m, digits));
    out.push(...block(`update Δ${sym} = new − old`, p.update, digits));
    out.push(...block(`${sym} after the step`, p.after, digits));
  }
  return out;
}

export function formatTrace(r: TraceResult, digits = 8): string {
  const denseIndex = new Map<string, number>();
  r.steps[0].forward.forEach((f) => f.z && denseIndex.set(f.layer, f.index));
  const config = Object.entries(r.optimizerConfig)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  const out: string[] = [
    `trace: ${r.options.arch.join('-')} network, hidden ${r.options.activation}, output ${r.options.output}, loss ${r.options.loss}, seed ${r.options.seed}, float64`,
    `optimizer ${r.options.optimizer}: ${config}`,
    '',
    ...block('x (input rows)', r.x, digits),
    `  labels = [${r.labels.join(', ')}]`,
    ...block('y (one-hot)', r.y, digits),
    '',
    'initial parameters',
  ];
  for (const [name, m] of Object.entries(r.initial)) out.push(...block(symbolOf(name, denseIndex), m, digits));
  for (const s of r.steps) out.push('', ...formatStep(s, r, digits, denseIndex));
  return out.join('\n');
}
