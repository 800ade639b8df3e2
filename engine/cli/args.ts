/**
 * Command-line parsing for `npm run trace`, kept apart from process I/O so
 * tests can call it: returns what to do, or a message for a usage error.
 */
import { SCENARIOS, SCENARIO_IDS } from '../scenarios/registry';
import { stepModeOptions } from '../scenarios/options';

/** How the trace is printed: readable lines, JSON lines, or only the DPDK back-end's log (vhost-user), exactly as DPDK prints it. */
export type TraceFormat = 'jsonl' | 'text' | 'dpdk-log';
const FORMATS: readonly TraceFormat[] = ['jsonl', 'text', 'dpdk-log'];

/** What the command line asked for. */
export type Command =
  | { kind: 'help' }
  | { kind: 'run'; scenario: string; options: Record<string, string>; format: TraceFormat }
  | { kind: 'error'; message: string };

/** Parse argv (without node and the script). */
export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const [scenario, ...rest] = argv;
  if (!scenario || scenario.startsWith('-')) return { kind: 'error', message: 'the first argument must be a scenario name' };
  if (!SCENARIO_IDS.includes(scenario)) return { kind: 'error', message: `unknown scenario ${JSON.stringify(scenario)} (known: ${SCENARIO_IDS.join(', ')})` };
  const options: Record<string, string> = {};
  let format: TraceFormat = 'text';
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const m = /^--([A-Za-z][\w-]*)(?:=(.*))?$/.exec(arg);
    if (!m) return { kind: 'error', message: `unexpected argument ${JSON.stringify(arg)}: options are --name value` };
    const name = m[1]!;
    let value = m[2];
    if (value === undefined) {
      value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) return { kind: 'error', message: `option --${name} needs a value` };
      i++;
    }
    if (name === 'format') {
      if (!(FORMATS as readonly string[]).includes(value)) return { kind: 'error', message: `option --format: expected jsonl, text or dpdk-log, got ${JSON.stringify(value)}` };
      format = value as TraceFormat;
    } else options[name] = value;
  }
  return { kind: 'run', scenario, options, format };
}

/** The --help text: every scenario with its options and their defaults. */
export function helpText(): string {
  const lines = [
    'usage: npm run trace -- <scenario> [--name value ...] [--format jsonl|text|dpdk-log]',
    '',
    'Runs a scenario headless in step mode and prints its trace: readable text (default), JSON lines, or (vhost-user) only the DPDK back-end\'s log as DPDK prints it.',
    '',
    'scenarios:',
  ];
  for (const id of SCENARIO_IDS) {
    const def = SCENARIOS[id]!;
    lines.push(`  ${id}: ${def.title.en}`);
    // The trace is step mode.
    const opts = stepModeOptions(def.options);
    // Columns as wide as the longest name and default, so the help lines up.
    const nameW = Math.max(...opts.map(([n]) => n.length));
    const defW = Math.max(...opts.map(([, s]) => String(s.default).length));
    for (const [name, s] of opts) {
      const range = s.kind === 'int' ? ` (${s.min}..${s.max}${s.pow2 ? ', power of two' : ''})` : s.kind === 'enum' ? ` (${s.values.join('|')})` : ' (on|off)';
      lines.push(`    --${name.padEnd(nameW)}  default ${String(s.default).padEnd(defW)}  ${s.help}${range}`);
    }
  }
  return lines.join('\n');
}
