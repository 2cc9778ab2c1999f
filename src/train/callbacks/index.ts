/** The callbacks fit knows, Keras 3 names. ModelCheckpoint lives in model-checkpoint.ts (save/load). */
export { Callback, CallbackList, Output, type Logs, type CallbackParams, type OutputStream } from './callback';
export { EarlyStopping, type EarlyStoppingOptions, type MonitorMode } from './early-stopping';
export { LearningRateScheduler, type EpochSchedule } from './lr-scheduler';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau';
export { CSVLogger, type CSVLoggerOptions } from './csv-logger';
export { TerminateOnNaN } from './terminate-on-nan';
export { LambdaCallback, type LambdaHooks } from './lambda-callback';
