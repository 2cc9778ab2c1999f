/** Data loading and augmentation: the public names of src/train/data. */
export * from './dataset';
export { MAX_DATA_BYTES } from './files';
export * from './idx';
export * from './mnist';
export * from './csv';
export * from './npy';
export * from './npz';
export * from './png';
export * from './image';
export * from './augment';
