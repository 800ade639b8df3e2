// Why: one place that turns `npm run bench -- [--quick] [--buffers N] [--reps N] [--only a,b,c,d,e] …` into settings with the defaults.
export type Section = 'a' | 'b' | 'c' | 'd' | 'e' | 'f';
export const SECTIONS: readonly Section[] = ['a', 'b', 'c', 'd', 'e', 'f'];

export interface BenchArgs {
  quick: boolean;
  /** Buffers per throughput run (busy-poll C/JS use at most POLL_CAP, as in RINGBENCH). */
  buffers: number;
  reps: number;
  only: Set<Section>;
  /** Single-buffer round trips per latency run. */
  rounds: number;
  qsize: number;
  /** Seconds one engine run may take; a probe scales the engine's buffer count down to fit (0 = no cap). */
  engineBudget: number;
  chromium: boolean;
  out: string;
}

export const USAGE = `usage: npm run bench -- [options]
  --quick             tiny sizes: 20k buffers, 1 rep, 2k round trips (frame timing only if .next exists)
  --buffers N         buffers per throughput run (default 10000000; busy-poll C/JS use at most 2000000)
  --reps N            repetitions (default 5)
  --only a,b,c,d,e,f  a engine throughput, b native C + bare JS throughput, c round-trip latency,
                      d step-mode cost, e page costs (first-load JS, frame timing), f the price of
                      a kick: a KVM doorbell write measured, then charged in the engine (default: all)
  --rounds N          round trips per latency run (default 100000)
  --qsize N           ring size for throughput runs (default 256)
  --engine-budget S   seconds one engine run may take; a probe run scales the engine's buffer
                      count down to fit (default 10; 0 = always the full count)
  --no-chromium       skip every Chromium measurement
  --out FILE          JSON output (default bench/out/results.json)`;

export function parseArgs(argv: string[]): BenchArgs | { help: true } | { error: string } {
  const quick = argv.includes('--quick');
  const a: BenchArgs = {
    quick,
    buffers: quick ? 20_000 : 10_000_000,
    reps: quick ? 1 : 5,
    only: new Set(SECTIONS),
    rounds: quick ? 2_000 : 100_000,
    qsize: 256,
    engineBudget: 10,
    chromium: true,
    out: 'bench/out/results.json',
  };
  const int = (name: string, v: string | undefined, min: number): number | string => {
    const n = Number(v);
    return v !== undefined && /^\d+$/.test(v) && n >= min ? n : `${name} needs a whole number ≥ ${min}, got ${JSON.stringify(v)}`;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i];
    let r: number | string | undefined;
    switch (flag) {
      case '--help':
      case '-h':
        return { help: true };
      case '--quick':
        break;
      case '--no-chromium':
        a.chromium = false;
        break;
      case '--buffers':
        if (typeof (r = int(flag, value(), 1)) === 'number') a.buffers = r;
        break;
      case '--reps':
        if (typeof (r = int(flag, value(), 1)) === 'number') a.reps = r;
        break;
      case '--rounds':
        if (typeof (r = int(flag, value(), 2)) === 'number') a.rounds = r;
        break;
      case '--qsize':
        r = int(flag, value(), 2);
        if (typeof r === 'number' && (r & (r - 1)) !== 0) r = `--qsize must be a power of two, got ${r}`;
        if (typeof r === 'number') a.qsize = r;
        break;
      case '--engine-budget':
        if (typeof (r = int(flag, value(), 0)) === 'number') a.engineBudget = r;
        break;
      case '--only': {
        const list = (value() ?? '').split(',').map((s) => s.trim().toLowerCase());
        const bad = list.filter((s) => !(SECTIONS as readonly string[]).includes(s));
        if (bad.length || list.length === 0) r = `--only takes letters from a,b,c,d,e, got ${JSON.stringify(list.join(','))}`;
        else a.only = new Set(list as Section[]);
        break;
      }
      case '--out':
        a.out = value() ?? a.out;
        break;
      default:
        r = `unknown option ${JSON.stringify(flag)}`;
    }
    if (typeof r === 'string') return { error: r };
  }
  return a;
}
