// Why: turns the results into the tables `npm run bench` prints (medians with min–max spread; the JSON keeps every run).
import type { KickPriceResult } from '../sections/kick-price';
import type { LatencyResult } from '../sections/latency';
import type { PageResult, SpeedFrames } from '../sections/page';
import type { StepResult } from '../sections/step';
import type { Target } from '../sections/targets';
import type { ThroughputResult } from '../sections/throughput';
import { MODES, MODE_LABEL } from './modes';
import { spread } from './stats';
import { fmtInt, fmtSpread, table } from './table';
import type { Env, Impl } from './types';

const COLUMNS: Array<[Impl, Env, string]> = [
  ['c', 'native', 'C native'],
  ['js', 'node', 'JS Node'],
  ['js', 'chromium', 'JS Chromium'],
  ['engine', 'node', 'engine Node'],
  ['engine', 'chromium', 'engine Chromium'],
];
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

export function throughputReport(t: ThroughputResult, reps: number): string {
  const cols = COLUMNS.filter(([impl, env]) => t.cells.some((c) => c.impl === impl && c.env === env));
  const cell = (impl: Impl, env: Env, mode: string) => t.cells.find((c) => c.impl === impl && c.env === env && c.mode === mode);
  const rows = MODES.map((mode) => [
    MODE_LABEL[mode],
    ...cols.map(([impl, env]) => {
      const c = cell(impl, env, mode);
      return c ? `${fmtSpread(c.mbps, 2)}${c.verified.startsWith(String(reps)) ? '' : ` (${c.verified} ok)`}` : '—';
    }),
  ]);
  const notif = MODES.map((mode) => [
    MODE_LABEL[mode],
    ...cols.map(([impl, env]) => {
      const c = cell(impl, env, mode);
      return c && c.kicks !== undefined ? `${fmtInt(Math.round(c.kicks))} / ${fmtInt(Math.round(c.calls ?? NaN))}` : '—';
    }),
  ]);
  const bufs = cols.map(([impl, env]) => {
    const c = MODES.map((m) => cell(impl, env, m)).filter((x) => x);
    const counts = [...new Set(c.map((x) => fmtInt(x!.buffers)))];
    return `${impl === 'c' ? 'C' : impl === 'js' ? 'JS' : 'engine'} ${env}: ${counts.join(' / ')}`;
  });
  const costs = MODES.map((mode) => {
    const c = cell('engine', 'node', mode);
    return [MODE_LABEL[mode], c?.cpuUs !== undefined ? c.cpuUs.toFixed(2) : '—', c?.gcShare !== undefined ? `${(c.gcShare * 100).toFixed(1)} %` : '—'];
  });
  const hasCosts = t.cells.some((c) => c.cpuUs !== undefined);
  const ratioNames = [...new Set(t.ratios.map((r) => r.name))];
  const ratioRows = MODES.map((mode) => [MODE_LABEL[mode], ...ratioNames.map((n) => fmtSpread(t.ratios.find((r) => r.name === n && r.mode === mode)?.ratio, 3))]);
  const runs = t.runs.length;
  const ok = t.runs.filter((r) => r.ok).length;
  return [
    `(a)/(b) Free-run throughput, million buffers/s, median [min–max] over ${reps} rep(s); ring of ${t.qsize}, 64-byte packets (busy-poll: reported, not targeted)`,
    table(['mode', ...cols.map((c) => c[2])], rows),
    `buffers per run — ${bufs.join('; ')}`,
    `verification: ${ok}/${runs} runs passed the checksum (every buffer exactly once, intact)${ok < runs ? ' — see JSON for failures' : ''}`,
    '',
    'Notifications per run, median kicks / calls',
    table(['mode', ...cols.map((c) => c[2])], notif),
    ...(hasCosts
      ? ['', 'Engine costs in Node, medians: CPU time per buffer (the whole process: both actor threads, blocked time excluded) and GC share of the actor threads', table(['mode', 'CPU µs / buffer', 'GC'], costs)]
      : []),
    ...(ratioNames.length ? ['', 'Ratios, paired by rep, median [min–max] (> 1: the first is faster)', table(['mode', ...ratioNames], ratioRows)] : []),
  ].join('\n');
}

export function latencyReport(l: LatencyResult): string {
  const rows = l.cells.map((c) => [
    `${c.impl === 'c' ? 'C' : c.impl === 'js' ? 'bare JS' : 'engine'} ${c.env}`,
    fmtInt(c.rounds),
    fmtSpread(c.meanUs, 2),
    fmtSpread(c.medianUs, 2),
    fmtSpread(c.p99Us, 2),
    c.verified,
  ]);
  return [
    '(c) Single-buffer round trip (add, kick, process, call, wake), µs, median [min–max] over reps',
    table(['ring', 'rounds', 'mean', 'per-round median', 'p99', 'verified'], rows),
    table(
      ['ratio of means (paired by rep)', 'median [min–max]'],
      l.ratios.filter((r) => r.ratio).map((r) => [r.name, fmtSpread(r.ratio, 2)]),
    ),
  ].join('\n');
}

export function stepReport(d: StepResult): string {
  const opts = Object.entries(d.options)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return [
    `(d) Step mode: ${d.scenario} ${opts} — ${fmtInt(d.steps)} steps; median [min–max] over ${d.runs.length} rep(s)`,
    table(
      ['measure', 'ms'],
      [
        ['time per step (run / steps)', fmtSpread(d.perStepMs, 4)],
        ['seek 0 → 1,000', fmtSpread(d.seek1000Ms, 2)],
        [`seek 0 → ${fmtInt(d.seekTarget)}`, fmtSpread(d.seek10000Ms, 2)],
      ],
    ),
  ].join('\n');
}

export function pageReport(p: PageResult): string {
  const out = ['(e) Page costs'];
  if (p.routes.length)
    out.push(
      table(
        ['route (first-load JS: <script src> chunks)', 'chunks', 'raw', 'gzip', 'HTML from'],
        p.routes.map((r) => [r.route, String(r.chunks.length), kib(r.raw), kib(r.gzip), r.source === 'build' ? '.next/server/app' : 'next start (dynamic)']),
        'lrrrl',
      ),
    );
  if (p.missingRoutes.length) out.push(`not present: ${p.missingRoutes.join(', ')}`);
  const f = p.frames;
  if (f) {
    const runs = f.speeds.flatMap((s) => s.runs);
    const n = Math.max(0, ...f.speeds.map((s) => s.runs.filter((r) => !r.error).length));
    const failed = runs.filter((r) => r.error).length;
    const source = runs.find((r) => !r.error)?.source;
    const what = source === 'longtask' ? 'long tasks (this Chromium has no Long Animation Frames API)' : 'long animation frames (> 50 ms)';
    const steps = runs.find((r) => !r.error)?.totalSteps;
    const col = (g: (s: SpeedFrames) => string) => f.speeds.map(g);
    out.push(
      `Frame timing while ${f.url} plays from the middle${steps ? ` of its ${fmtInt(steps)} steps` : ''}, ${f.seconds} s per run, median [min–max] over ${n} run(s) per speed${failed ? ` (${failed} failed)` : ''}`,
      table(
        ['measure', ...f.speeds.map((s) => `${s.speed}×`)],
        [
          ['rAF interval median (ms)', ...col((s) => fmtSpread(s.medianMs, 1))],
          ['rAF interval p95 (ms)', ...col((s) => fmtSpread(s.p95Ms, 1))],
          ['dropped frames (> 25 ms)', ...col((s) => fmtSpread(s.dropped, 0))],
          [what, ...col((s) => fmtSpread(s.longFrames, 0))],
          ['longest of them (ms)', ...col((s) => fmtSpread(s.longFrameMaxMs, 0))],
          ['steps played', ...col((s) => fmtSpread(spread(s.runs.filter((r) => !r.error).map((r) => r.stepsAdvanced)), 0))],
        ],
      ),
    );
  }
  if (p.skipped) out.push(`skipped: ${p.skipped}`);
  return out.join('\n');
}

export function targetReport(ts: Target[]): string {
  return [
    'Targets (from the issue; checked against the median; ✓ met, ✗ not met, – not measured in this run)',
    table(
      ['', 'goal', 'measured'],
      ts.map((t) => [t.met === undefined ? '–' : t.met ? '✓' : '✗', t.goal, t.measured]),
      'llr',
    ),
  ].join('\n');
}

/** Section (f): the doorbell measured on KVM, and the engine with it charged per kick beside section (a)'s free kicks. */
export function kickPriceReport(k: KickPriceResult, t: ThroughputResult | undefined): string {
  const kvm = 'why' in k.kvm ? `not measured (${k.kvm.why})` : `fast MMIO ${k.kvm.mmioNs.toFixed(0)} ns, PIO ${k.kvm.pioNs.toFixed(0)} ns per write (best of 10 × 65,535)`;
  const free = (env: Env, mode: string) => t?.cells.find((c) => c.impl === 'engine' && c.env === env && c.mode === mode);
  const rows = k.cells.map((c) => [
    `${MODE_LABEL[c.mode]}, ${c.env}`,
    fmtSpread(free(c.env, c.mode)?.mbps, 3),
    fmtSpread(c.mbps, 3),
    c.kicksPerFrame !== undefined ? c.kicksPerFrame.toFixed(3) : '—',
  ]);
  const gains = k.gains.map((g) => {
    const f = (m: string) => free(g.env, m)?.mbps?.median;
    const freeGain = f('evidx') && f('every') ? (f('evidx')! / f('every')!).toFixed(2) : '—';
    return [g.env, freeGain, fmtSpread(g.gain, 2)];
  });
  return [
    `(f) The price of a kick. A KVM doorbell write on this machine (native/kvm-exit.c): ${kvm}.`,
    `The engine charged ${k.exitNs} ns per kick (exitNs), ${fmtInt(k.buffers)} buffers, M buffers/s:`,
    table(['mode, env', 'kicks free (a)', `kick = ${k.exitNs} ns`, 'kicks / frame'], rows),
    'event-idx ÷ every buffer, median [min–max]:',
    table(['env', 'kicks free (a)', `kick = ${k.exitNs} ns`], gains),
  ].join('\n');
}
