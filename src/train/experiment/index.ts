/** The experiment runner: TrainConfig → data, model, fit, final report, output folder. */
export * from './config';
export { validateConfig, describeKey } from './validate';
export {
  buildModel,
  architectureOf,
  regularizerOf,
  canonicalActivation,
  HIDDEN_ACTIVATIONS,
  KINKED_ACTIVATIONS,
  REG_KINDS,
  type ModelSpec,
} from './model';
export { buildOptimizer, parseSchedule, scheduleChoices } from './optimizer';
export { loadExperimentData, dataRng, dataName, type ExperimentData } from './data';
export { evaluateDataset, type Score, type Evaluation } from './evaluate';
export { headerLines, finalLines, describeOptimizer, type FinalScores } from './report';
