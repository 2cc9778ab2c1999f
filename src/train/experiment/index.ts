/** The experiment runner: TrainConfig → data, model, fit, final report, output folder; resume. */
export * from './config';
export { runExperiment, type ExperimentIO, type ExperimentResult } from './run';
export { resume, type ResumeOverrides } from './resume';
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
export { evaluateDataset, confusionMatrix, type Score } from './evaluate';
export { headerLines, finalLines, describeOptimizer, runLabel, type FinalScores } from './report';
export { FILES as RUN_FILES, readConfigFile, type Results } from './outdir';
export { applyEngine } from './engine';
export { summaryTable, type RunSummary } from './summary';
export { gradientCheck, SMOOTH_THRESHOLD, KINKED_THRESHOLD, type GradCheckRequest, type GradCheckReport } from './gradcheck';
export {
  findModelDir,
  loadSavedModel,
  evaluationSet,
  evaluateSaved,
  readInputs,
  predictInputs,
  SPLITS,
  type Split,
  type Inputs,
  type EvaluationReport,
} from './saved';
