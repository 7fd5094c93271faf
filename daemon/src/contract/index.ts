/** The public contract of FlowForge's API: stored record types and the API's zod schemas. */
export type * from './records.js';
export * from './api.js';
