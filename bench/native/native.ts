// Why: builds bench/native/*.c with the system C compiler (gcc -O2), and runs the ring as a fresh process per measurement.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RingConfig } from '../js/node';
import type { RingRun } from '../lib/types';

const BIN = fileURLToPath(new URL('../out/ring-native', import.meta.url));

/** Compiles bench/native/<name>.c to bench/out/<out> with the system C compiler at -O2; returns the compiler's version line, or why it could not. */
export function compileC(name: string, out: string, flags: string[] = []): { ok: true; compiler: string } | { ok: false; why: string } {
  const cc = process.env.CC || 'gcc';
  const v = spawnSync(cc, ['--version'], { encoding: 'utf8' });
  if (v.error || v.status !== 0) return { ok: false, why: `no C compiler (${cc}): ${name}.c skipped` };
  mkdirSync(fileURLToPath(new URL('../out/', import.meta.url)), { recursive: true });
  const src = fileURLToPath(new URL(`./${name}.c`, import.meta.url));
  const r = spawnSync(cc, ['-O2', ...flags, '-o', fileURLToPath(new URL(`../out/${out}`, import.meta.url)), src], { encoding: 'utf8' });
  if (r.status !== 0) return { ok: false, why: `${cc} -O2 ${name}.c failed: ${(r.stderr || String(r.error)).trim()}` };
  return { ok: true, compiler: `${cc} -O2 (${v.stdout.split('\n')[0]})` };
}

/** Compiles the ring; returns the compiler's version line, or why there is no native ring. */
export function buildNative(): { ok: true; compiler: string } | { ok: false; why: string } {
  return compileC('ring', 'ring-native', ['-pthread']);
}

export function runNative(cfg: RingConfig): Promise<RingRun> {
  const args = [cfg.mode, String(cfg.buffers), String(cfg.qsize), String(cfg.inflight ?? cfg.qsize)];
  if (cfg.lat) args.push('lat');
  return new Promise((resolve, reject) => {
    execFile(BIN, args, { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      let j: Record<string, number | string | boolean>;
      try {
        j = JSON.parse(line);
      } catch {
        reject(new Error(`ring-native ${args.join(' ')}: ${err?.message ?? ''} ${stderr.trim()}`.trim()));
        return;
      }
      const ms = Number(j.ms);
      resolve({
        impl: 'c',
        env: 'native',
        mode: cfg.mode,
        buffers: cfg.buffers,
        ms,
        mbps: cfg.buffers / ms / 1000,
        ok: j.ok === true,
        message: String(j.message),
        counters: { kicks: Number(j.kicks), calls: Number(j.calls), driverWaits: Number(j.driverWaits), deviceWaits: Number(j.deviceWaits) },
        rtt: cfg.lat ? { meanUs: Number(j.rttMeanUs), medianUs: Number(j.rttMedianUs), p99Us: Number(j.rttP99Us) } : undefined,
      });
    });
  });
}
