export * from './classes.js';
export * from './codes.js';
