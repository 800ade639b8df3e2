/** The trace command line: help lists every scenario and option, bad input is refused with a reason. */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios/registry';
import { helpText, parseArgs } from './args';

describe('trace CLI arguments', () => {
  it('--help lists every scenario with each option and its default, except the free-run-only ones (a trace is step mode)', () => {
    const text = helpText();
    for (const [id, def] of Object.entries(SCENARIOS)) {
      expect(text).toContain(id);
      for (const [name, spec] of Object.entries(def.options)) {
        if (spec.kind === 'int' && spec.freeOnly) expect(text).not.toContain(`--${name} `);
        else expect(text).toMatch(new RegExp(`--${name}\\s+default ${String(spec.default)}`));
      }
    }
  });

  it('parses options in both --name value and --name=value forms', () => {
    expect(parseArgs(['descriptor-flow', '--dir', 'rx', '--packets=3', '--format', 'jsonl'])).toEqual({
      kind: 'run',
      scenario: 'descriptor-flow',
      options: { dir: 'rx', packets: '3' },
      format: 'jsonl',
    });
  });

  it.each([
    [['nope'], /unknown scenario/],
    [['--dir', 'rx'], /scenario name/],
    [['descriptor-flow', 'extra'], /unexpected argument/],
    [['descriptor-flow', '--dir'], /needs a value/],
    [['descriptor-flow', '--format', 'xml'], /jsonl, text or dpdk-log/],
  ])('refuses %j', (argv, why) => {
    const r = parseArgs(argv);
    expect(r.kind).toBe('error');
    expect((r as { message: string }).message).toMatch(why);
  });
});

describe('trace CLI process', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const tsx = ['--import', 'tsx', 'engine/cli/trace.ts'];

  it('prints JSON lines that parse, one event per line', () => {
    const out = execFileSync('node', [...tsx, 'descriptor-flow', '--packets', '2', '--format', 'jsonl'], { cwd: root, encoding: 'utf8' });
    const [header, ...lines] = out.trim().split('\n').map((l) => JSON.parse(l));
    // The first line states the modelled versions and the options.
    expect(header.models).toMatch(/Linux 6\.12/);
    expect(header.models).toMatch(/QEMU 7\.2/);
    expect(header.options.dir).toBe('tx');
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.at(-1).type).toBe('scenario_done');
    expect(lines.every((e, i) => e.seq === i)).toBe(true);
    expect(lines.every((e) => e.stack.every((f: { fn: string; file: string }) => f.file.includes('/')))).toBe(true);
    // Each line names the function it happens in, the innermost frame of its stack.
    expect(lines.filter((e) => e.type !== 'scenario_done').every((e) => e.fn === e.stack.at(-1).fn)).toBe(true);
  });

  it('the text form opens with the modelled versions and names a function on every line', () => {
    const out = execFileSync('node', [...tsx, 'descriptor-flow', '--packets', '2'], { cwd: root, encoding: 'utf8' });
    const [header, ...lines] = out.trim().split('\n');
    expect(header).toBe('# descriptor-flow: guest and host kernel Linux 6.12 (LTS), QEMU 7.2');
    expect(lines.slice(0, -1).every((l) => /^\s*\d+ \S+\s+\w+(\(\)| ›) /.test(l))).toBe(true);
  });

  it('exits non-zero with a clear message on a bad option value', () => {
    const r = spawnSync('node', [...tsx, 'descriptor-flow', '--qsize', '7'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/qsize: 7 is not a power of two/);
  });

  it('--format dpdk-log prints only what DPDK printed, in the era\'s format, and is refused for a scenario without DPDK', () => {
    const seed = execFileSync('node', [...tsx, 'vhost-user', '--format', 'dpdk-log'], { cwd: root, encoding: 'utf8' }).trimEnd().split('\n');
    expect(seed.filter((l) => !l.startsWith('\t')).every((l) => l.startsWith('VHOST_CONFIG: ') && !l.startsWith('VHOST_CONFIG: ('))).toBe(true);
    expect(seed).toContain('VHOST_CONFIG: virtio is now ready for processing.');
    const modern = execFileSync('node', [...tsx, 'vhost-user', '--era', 'modern', '--topology', 'dpdk-server', '--format', 'dpdk-log'], { cwd: root, encoding: 'utf8' }).trimEnd().split('\n');
    expect(modern.every((l) => l.startsWith('VHOST_CONFIG: (/var/run/openvswitch/vhost-user0) '))).toBe(true);
    expect(modern.some((l) => l.endsWith('binding succeeded'))).toBe(true);
    const r = spawnSync('node', [...tsx, 'kick-call', '--format', 'dpdk-log'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/needs a scenario with a DPDK back-end/);
  });
});
