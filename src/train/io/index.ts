/** Save and load in the TensorFlow.js layers-model format, with our side file for exact resume. */
export { saveModel, modelJsonFor, type SaveResult } from './save';
export { loadModel, loadCheckpoint, type Checkpoint } from './load';
export { historyFromJSON, type SaveExtras } from './side-file';
export { writeFileAtomic } from './atomic';
