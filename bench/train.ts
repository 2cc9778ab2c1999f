/**
 * End-to-end training benchmark: the workloads of /work/shared/bench (RESULTS.md), trained by our
 * Sequential + fit, so the anchors (numpy, torch, TF.js, brain.js) compare directly:
 *   W1  784-30-10 sigmoid, softmax + cross-entropy, SGD lr 1.0, batch 120, first 10 000 images
 *   W2  784-256-256-10 relu, softmax + cross-entropy, SGD lr 0.2, batch 120, all 60 000 images
 * Reported per (workload, backend, threads): s/epoch = median of epochs 2..N (epoch 1 warms the JIT;
 * N = 20 for W1, whose epochs are short enough that the JIT is still warming up in epochs 2–4, and 5
 * for W2; torch runs the same N),
 * implied GFLOP/s = GEMM FLOPs per epoch / s (2·m·n·k for forward, dW of every layer and dX of every
 * layer but the first: the anchors' count), and peak resident memory. Each configuration runs in a
 * child process so that its peak RSS is its own. `--compare` adds torch (ref_torch.py, system
 * python) when it is importable.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Dense } from '../src/layers';
import { getBackend, setBackend, setThreads } from '../src/tensor';
import { Callback, Sequential, lectureSplit, mnistDataFolder } from '../src/train';
import { type BenchOptions, emit, machine, table } from './common';

interface Workload {
  sizes: number[];
  activation: string;
  lr: number;
  batch: number;
  trainSize: number;
  epochs: number;
}

const WORKLOADS: Record<string, Workload> = {
  W1: { sizes: [784, 30, 10], activation: 'sigmoid', lr: 1.0, batch: 120, trainSize: 10000, epochs: 20 },
  W2: { sizes: [784, 256, 256, 10], activation: 'relu', lr: 0.2, batch: 120, trainSize: 60000, epochs: 5 },
};
const CONFIGS: Array<[string, number]> = [
  ['js', 1],
  ['wasm', 1],
  ['wasm', 2],
];

/** GEMM FLOPs per sample: forward and dW of every layer, dX of every layer but the first. */
function flopsPerSample(sizes: number[]): number {
  let flops = 0;
  for (let l = 0; l + 1 < sizes.length; l++) flops += 2 * sizes[l] * sizes[l + 1] * (l === 0 ? 2 : 3);
  return flops;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

class EpochTimer extends Callback {
  readonly seconds: number[] = [];
  private start = 0;
  override onEpochBegin(): void {
    this.start = performance.now();
  }
  override onEpochEnd(): void {
    this.seconds.push((performance.now() - this.start) / 1000);
  }
}

/** One configuration, in this process (the child side): prints one JSON line. */
export async function trainOne(workloadName: string, backend: string, threads: number, epochs: number): Promise<void> {
  const w = WORKLOADS[workloadName];
  setBackend(backend);
  setThreads(threads);
  const { train } = lectureSplit({ train: w.trainSize, valid: 0, test: 1 });
  const layers = w.sizes.slice(1).map(
    (units, l) =>
      new Dense({
        units,
        activation: l === w.sizes.length - 2 ? 'softmax' : w.activation,
        ...(l === 0 ? { inputShape: [w.sizes[0]] } : {}),
      }),
  );
  const model = new Sequential(layers, { seed: 1337 });
  model.compile({
    loss: 'categorical_crossentropy',
    optimizer: { className: 'SGD', config: { learningRate: w.lr } },
    metrics: ['accuracy'],
  });
  const timer = new EpochTimer();
  const history = await model.fit(train, { epochs, batchSize: w.batch, verbose: 0, callbacks: [timer] });
  const sEpoch = median(timer.seconds.length > 1 ? timer.seconds.slice(1) : timer.seconds);
  const gflopEpoch = (flopsPerSample(w.sizes) * w.trainSize) / 1e9;
  const losses = history.history.loss ?? [];
  emit({
    bench: 'train',
    workload: workloadName,
    system: 'mlp',
    backend,
    kernels: getBackend().kernels ?? null,
    threads,
    epochs,
    s_epoch: +sEpoch.toFixed(4),
    gflops_implied: +(gflopEpoch / sEpoch).toFixed(2),
    gflop_epoch: +gflopEpoch.toFixed(3),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    final_train_loss: losses.length ? +losses[losses.length - 1].toFixed(4) : null,
    epoch_seconds: timer.seconds.map((s) => +s.toFixed(4)),
    ...machine(),
  });
}

interface Row {
  workload: string;
  system: string;
  backend?: string;
  threads: number;
  s_epoch: number;
  gflops_implied: number;
  peak_rss_mb: number | null;
}

function runChild(args: string[]): Row[] {
  const child = spawnSync(process.execPath, [path.join(__dirname, 'run.js'), ...args], { encoding: 'utf8', timeout: 3600e3 });
  process.stderr.write(child.stderr ?? '');
  const rows = (child.stdout ?? '')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Row);
  for (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
  return rows;
}

/** torch through /work/shared/bench/ref_torch.py, when the system python can import it. */
function runTorch(name: string, w: Workload, threads: number): Row[] {
  const script = path.resolve(__dirname, '..', '..', '..', 'shared', 'bench', 'ref_torch.py');
  const python = '/usr/bin/python3';
  if (!fs.existsSync(script) || spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0) {
    process.stderr.write(`--compare: skipped torch (needs ${script} and \`import torch\` in ${python})\n`);
    return [];
  }
  const args = ['--arch', w.sizes.join('-'), '--act', w.activation, '--lr', String(w.lr), '--batch', String(w.batch)];
  args.push('--epochs', String(w.epochs), '--train-size', String(w.trainSize), '--threads', String(threads));
  const env: NodeJS.ProcessEnv = { ...process.env, MNIST_DIR: mnistDataFolder() };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const run = spawnSync(python, [script, ...args], { encoding: 'utf8', env, timeout: 3600e3 });
  const summary = (run.stdout ?? '')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, number | string | boolean>)
    .find((r) => r.summary === true);
  if (!summary) {
    process.stderr.write(`--compare: ref_torch.py failed: ${run.stderr}\n`);
    return [];
  }
  const row: Row = {
    workload: name,
    system: 'torch',
    threads,
    s_epoch: Number(summary.median_s_epoch),
    gflops_implied: Number(summary.gflops),
    peak_rss_mb: null,
  };
  emit({ bench: 'train', ...summary, ...row });
  return [row];
}

export function runTrain(options: BenchOptions): string {
  const rows: Row[] = [];
  for (const [name, w] of Object.entries(WORKLOADS)) {
    const epochs = options.flags.has('--quick') ? 2 : w.epochs;
    for (const [backend, threads] of CONFIGS) rows.push(...runChild(['train-one', name, backend, String(threads), String(epochs)]));
    if (options.flags.has('--compare')) for (const t of [1, 2]) rows.push(...runTorch(name, w, t));
  }
  // Each of our rows against torch's better thread count on the same workload, in this run.
  const ratio = (r: Row): number | null => {
    const torch = rows.filter((t) => t.workload === r.workload && t.system === 'torch');
    if (r.system === 'torch' || torch.length === 0) return null;
    const best = torch.reduce((a, b) => (b.s_epoch < a.s_epoch ? b : a));
    const value = +(r.s_epoch / best.s_epoch).toFixed(2);
    emit({
      bench: 'ratio',
      workload: r.workload,
      system: r.system,
      backend: r.backend,
      threads: r.threads,
      vs: 'torch',
      torch_threads: best.threads,
      ratio: value,
    });
    return value;
  };
  const host = machine();
  return (
    `Training, s/epoch = median of epochs 2..N (implied GEMM GFLOP/s; peak RSS; ours over torch's better thread count, with --compare), on ${host.cpu}, ${host.cores} cores, Node ${host.node}\n\n` +
    table(
      'workload',
      ['system', 'threads', 's/epoch', 'implied GFLOP/s', 'peak RSS (MB)', "× torch's best"],
      rows.map((r) => [
        r.workload,
        [r.backend ? `${r.system} ${r.backend}` : r.system, r.threads, r.s_epoch, r.gflops_implied, r.peak_rss_mb, ratio(r)],
      ]),
    )
  );
}
