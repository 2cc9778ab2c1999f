/**
 * The matmul engine a run asks for: `backend` ('js' | 'wasm' | 'wasm-simd') and `threads`. These are process-wide
 * settings of src/tensor/backend.ts; null leaves the library's default (wasm when available, one
 * thread per core).
 */
import { setBackend, setThreads } from '../../tensor/backend';
import type { TrainConfig } from './config';

export function applyEngine(config: Pick<TrainConfig, 'backend' | 'threads'>): void {
  if (config.backend !== null) setBackend(config.backend);
  if (config.threads !== null) setThreads(config.threads);
}
