// Why: what every section needs to know about this machine and run (which tools exist, the bench page server), gathered once.
import type { BenchArgs } from './args';

export interface Ctx {
  args: BenchArgs;
  /** The C ring compiled. */
  native: boolean;
  /** engine/freerun bundled (a snapshot for this run). */
  engine: boolean;
  /** Chromium available and not disabled. */
  chromium: boolean;
  /** The bench page server (COOP/COEP) with the engine bundled; set when Chromium is used. */
  pageUrl?: string;
  /** Things the reader should know about this run (skips, caps). */
  notes: string[];
}
