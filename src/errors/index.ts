export * from './classes.js';
export * from './codes.js';
export * from './environment.js';
