/** `npm run trace -- <scenario> [--name value ...] [--format jsonl|text]`: run a scenario headless and print its trace. */
import { createWorld } from '../scenarios/registry';
import { Session } from '../session/session';
import { FRAMES } from '../trace/frames';
import { formatLine } from '../trace/format';
import { helpText, parseArgs } from './args';

const cmd = parseArgs(process.argv.slice(2));
if (cmd.kind === 'help') {
  console.log(helpText());
} else if (cmd.kind === 'error') {
  console.error(`trace: ${cmd.message}\n(try: npm run trace -- --help)`);
  process.exitCode = 2;
} else {
  const built = createWorld(cmd.scenario, cmd.options, false);
  if (!built.ok) {
    console.error(`trace: ${built.error}`);
    process.exitCode = 2;
  } else {
    const session = new Session(built.world, Number(built.options.seed ?? 1));
    const out: string[] = [];
    // JSON lines spell out each frame's source file, so a line can be read without the frame catalog.
    const json = (e: (typeof session.trace)[number]) => JSON.stringify({ ...e, stack: e.stack.map((fn) => ({ fn, file: FRAMES[fn].file })) });
    for (const e of session.trace) out.push(cmd.format === 'jsonl' ? json(e) : formatLine(e));
    process.stdout.write(out.join('\n') + '\n');
  }
}
