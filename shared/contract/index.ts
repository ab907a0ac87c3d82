export * from './errors.js';
export * from './health.js';
export * from './fleet.js';
export * from './methods.js';
export * from './validate.js';
export * from './client.js';
export * from './freshness.js';
export * from './store-status.js';
