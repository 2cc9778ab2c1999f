/**
 * The matmul engine a run asks for: `backend` ('js' | 'wasm') and `threads`. These are process-wide
 * settings of src/tensor/backend.ts; null leaves the library's default (wasm when available, one
 * thread per core).
 */
import * as backend from '../../tensor/backend';
import { MlpError } from '../../tensor/errors';
import type { TrainConfig } from './config';

/** setThreads arrives with the threaded backend; until then only 1 thread can be asked for. */
type ThreadControl = { setThreads?: (n: number) => void };

export function applyEngine(config: Pick<TrainConfig, 'backend' | 'threads'>): void {
  if (config.backend !== null) backend.setBackend(config.backend);
  if (config.threads === null) return;
  const setThreads = (backend as ThreadControl).setThreads;
  if (setThreads) setThreads(config.threads);
  else if (config.threads !== 1)
    throw new MlpError('BAD_CONFIG', `--threads ${config.threads}: this build has no threaded backend; use --threads 1`);
}
