/** `npm run trace -- <scenario> [--name value ...] [--format jsonl|text|dpdk-log]`: run a scenario headless and print its trace. */
import { createWorld } from '../scenarios/registry';
import { Session } from '../session/session';
import { FRAMES, frameName } from '../trace/frames';
import { formatLine, innermost, isCall } from '../trace/format';
import { helpText, parseArgs } from './args';

/** Frames innermost first, as `#n  fn () at file`, with the QEMU source file of each frame the engine knows. */
function gdbBacktrace(frames: readonly string[]): string[] {
  const fileOf = (name: string) => Object.entries(FRAMES).find(([id, f]) => (f.name ?? id) === name && f.src === 'qemu-7.2')?.[1].file;
  return frames.map((name, i) => `      #${i.toString().padEnd(2)} ${name} ()${fileOf(name) ? ` at ${fileOf(name)}` : ''}`);
}

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
  } else if (cmd.format === 'dpdk-log' && built.world.info.kind !== 'vhost-user') {
    console.error(`trace: --format dpdk-log needs a scenario with a DPDK back-end (vhost-user); ${cmd.scenario} has none`);
    process.exitCode = 2;
  } else if (cmd.format === 'dpdk-log') {
    // Only what DPDK printed, line for line, as its log would read (the era decides the prefix).
    const session = new Session(built.world, Number(built.options.seed ?? 1));
    const lines = session.trace.flatMap((e) => (e.type === 'dpdk_log' ? [e.f.text.replace(/\n$/, '')] : []));
    process.stdout.write(lines.join('\n') + '\n');
  } else {
    const session = new Session(built.world, Number(built.options.seed ?? 1));
    const out: string[] = [];
    const versions = built.world.info.versions.map((v) => (v.role === 'kernel' ? `guest and host kernel ${v.name}` : v.name)).join(', ');
    // JSON lines spell out each frame's real name and source file, and which function the beat is in, so a line reads without the catalogs.
    const json = (e: (typeof session.trace)[number]) => {
      const fn = innermost(e);
      return JSON.stringify({
        ...e,
        fn: fn ? frameName(fn) : null,
        call: isCall(e),
        stack: e.stack.map((id) => ({ fn: frameName(id), file: FRAMES[id].file, src: FRAMES[id].src })),
      });
    };
    if (cmd.format === 'jsonl') out.push(JSON.stringify({ scenario: cmd.scenario, models: versions, options: built.options }));
    else out.push(`# ${cmd.scenario}: ${versions}`);
    for (const e of session.trace) {
      out.push(cmd.format === 'jsonl' ? json(e) : formatLine(e));
      // A QEMU crash prints its backtrace as gdb's `bt` would (seed 000 quotes two of them).
      if (cmd.format !== 'jsonl' && e.type === 'qemu_segfault') out.push(...gdbBacktrace(e.f.backtrace));
    }
    process.stdout.write(out.join('\n') + '\n');
  }
}
