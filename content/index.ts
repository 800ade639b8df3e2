/**
 * Everything content/ offers, for tests and tools. Pages import the small
 * modules directly (options, labels) and load prose.ts lazily.
 */
export * from './prose';
export { GLOSSARY, type GlossaryEntry } from './glossary';
export { optionHelp, problemReason, problemText } from './options';
export { allocLabel, fdLabel, rangeLabel, waitLabel, type RangeLabel } from './labels';
