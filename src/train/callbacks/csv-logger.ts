/**
 * CSVLogger (Keras 3 `keras/src/callbacks/csv_logger.py`): streams one row per epoch to a CSV file,
 *   header:  epoch,<the first epoch's log keys, sorted>
 *   row:     epoch (0-based), then each value (nan / inf as Python writes them, NA if missing)
 * written and flushed at each epoch end, so a run that is killed keeps the rows of the finished
 * epochs. `append: true` continues an existing file (its header is kept), for resumed runs.
 */
import * as fs from 'fs';
import { MlpError } from '../../tensor/errors';
import { csvKeys, csvNumber } from '../history';
import { Callback, type Logs } from './callback';

export interface CSVLoggerOptions {
  /** Default ','. */
  separator?: string;
  /** Continue an existing file instead of overwriting it. Default false. */
  append?: boolean;
}

export class CSVLogger extends Callback {
  readonly separator: string;
  readonly append: boolean;
  private fd: number | null = null;
  private keys: string[] | null = null;
  private writeHeader = true;

  constructor(
    readonly filename: string,
    options: CSVLoggerOptions = {},
  ) {
    super();
    if (typeof filename !== 'string' || filename === '')
      throw new MlpError('BAD_ARGUMENT', 'CSVLogger: filename must be a path such as "runs/log.csv"');
    this.separator = options.separator ?? ',';
    this.append = options.append ?? false;
  }

  override onTrainBegin(_logs?: Logs): void {
    this.close();
    this.writeHeader = !(this.append && fs.existsSync(this.filename) && fs.statSync(this.filename).size > 0);
    this.fd = this.attempt('open', () => fs.openSync(this.filename, this.append ? 'a' : 'w'));
    this.keys = null;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    if (this.fd === null) return;
    const sep = this.separator;
    if (this.keys === null) {
      this.keys = csvKeys(Object.keys(logs));
      if (this.writeHeader) this.write(['epoch', ...this.keys].join(sep));
    }
    const cells = this.keys.map((k) => (logs[k] === undefined ? 'NA' : csvNumber(logs[k])));
    this.write([String(epoch), ...cells].join(sep));
  }

  override onTrainEnd(_logs?: Logs): void {
    this.close();
  }

  private write(line: string): void {
    const fd = this.fd!;
    this.attempt('write', () => fs.writeSync(fd, `${line}\n`));
  }

  private close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  /** Runs a file operation, turning a system error into an MlpError that names the file. */
  private attempt<T>(what: string, op: () => T): T {
    try {
      return op();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new MlpError(
        code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_FILE',
        `CSVLogger: cannot ${what} ${this.filename}: ${(err as Error).message}`,
      );
    }
  }
}
