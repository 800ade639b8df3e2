// Why: `npm test` only proves the benchmark runs (tiny sizes) and reports numbers; the numbers themselves are never pass/fail.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = 'bench/out/test/results.json';
const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

describe('npm run bench -- --quick --only b,c,d,f', () => {
  it('prints the tables and writes JSON with numbers; every ring run passes its checksum', () => {
    const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bench/run.ts', '--quick', '--only', 'b,c,d,f', '--out', OUT], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 150_000,
    });
    expect(r.status, r.stderr).toBe(0);
    for (const heading of ['Free-run throughput', 'Single-buffer round trip', 'Step mode', 'The price of a kick', 'Targets']) expect(r.stdout).toContain(heading);

    const j = JSON.parse(readFileSync(`${ROOT}${OUT}`, 'utf8'));
    const cells: Array<{ impl: string; env: string; mbps?: { median: number } }> = j.throughput.cells;
    expect(cells.find((c) => c.impl === 'js' && c.env === 'node')).toBeDefined();
    for (const c of cells) expect(finite(c.mbps?.median), `${c.impl} ${c.env}`).toBe(true);
    for (const run of j.throughput.runs) expect(run.ok, run.message).toBe(true);
    for (const c of j.latency.cells) expect(finite(c.meanUs?.median), `${c.impl} ${c.env}`).toBe(true);
    expect(finite(j.step.perStepMs.median)).toBe(true);
    expect(finite(j.step.seek10000Ms.median)).toBe(true);
    // (f): the KVM doorbell is measured where /dev/kvm works (else the recorded figure is charged), and every priced engine run verifies.
    expect(j.kickPrice.exitNs).toBeGreaterThan(0);
    expect(j.kickPrice.runs.length).toBeGreaterThan(0);
    for (const run of j.kickPrice.runs) expect(run.ok, run.message).toBe(true);
    expect(j.targets.length).toBeGreaterThan(0);
  }, 180_000);
});
