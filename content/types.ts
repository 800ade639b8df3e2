/**
 * The two types every prose file shares. They live here, not in index.ts, so
 * the tables can import them without an import cycle; index.ts re-exports them.
 */

/** Prose languages. */
export type Lang = 'en' | 'zh';

/** The phases of the walkthroughs (each scenario uses its own subset; content/phases.ts says which). */
export type PhaseId =
  // descriptor flow
  | 'setup'
  | 'add'
  | 'kick'
  | 'pop'
  | 'give-back'
  | 'reclaim'
  | 'idle'
  | 'fault'
  | 'done'
  // the PCI walkthroughs (MSI-X vectors, kick and call)
  | 'probe'
  | 'vectors'
  | 'routing'
  | 'interrupts'
  | 'masking'
  | 'notifiers'
  | 'call'
  // vhost-user negotiation (also uses 'probe' and 'fault')
  | 'connect'
  | 'init'
  | 'start'
  | 'ready'
  | 'traffic'
  | 'reconnect';

/** A piece of prose in both languages. */
export type Bilingual = Record<Lang, string>;

/** Title and narrative of one phase. */
export interface PhaseProse {
  title: Bilingual;
  body: Bilingual;
}
