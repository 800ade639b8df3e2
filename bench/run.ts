// Why: `npm run bench` — measures the engine against a native C ring and a bare JS ring, plus step-mode and page costs; prints tables and writes bench/out/results.json. Never pass/fail.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { USAGE, parseArgs, type BenchArgs } from './lib/args';
import type { Ctx } from './lib/context';
import { log } from './lib/measure';
import { kickPriceReport, latencyReport, pageReport, stepReport, targetReport, throughputReport } from './lib/report';
import { buildNative } from './native/native';
import { kickPrice, type KickPriceResult } from './sections/kick-price';
import { latency, type LatencyResult } from './sections/latency';
import { pageCosts, type PageResult } from './sections/page';
import { stepCost, type StepResult } from './sections/step';
import { targets } from './sections/targets';
import { throughput, type ThroughputResult } from './sections/throughput';
import { chromiumPath, launch } from './web/browser';
import { writeFreeBuild } from '../tools/free-build/generate';
import { bundleEngine } from './web/bundle';
import { startServer, type BenchServer } from './web/server';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BenchResults {
  meta: Record<string, unknown>;
  throughput?: ThroughputResult;
  latency?: LatencyResult;
  step?: StepResult;
  page?: PageResult;
  kickPrice?: KickPriceResult;
  targets: ReturnType<typeof targets>;
  notes: string[];
  report: string;
  out: string;
}

async function chromiumVersion(): Promise<string> {
  const b = await launch();
  try {
    return b.version();
  } finally {
    await b.close();
  }
}

/** Runs the sections `args.only` asks for; prints progress on stderr and returns everything (also written to args.out). */
export async function runBench(args: BenchArgs): Promise<BenchResults> {
  const started = new Date();
  const ctx: Ctx = { args, native: false, engine: false, chromium: false, notes: [] };
  const meta: Record<string, unknown> = {
    started: started.toISOString(),
    args: { ...args, only: [...args.only].join(',') },
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    load1AtStart: loadavg()[0],
  };
  const wants = (s: string) => args.only.has(s as never);
  const rings = wants('a') || wants('b') || wants('c') || wants('f');
  if (wants('a') || wants('c') || wants('f')) {
    try {
      console.log(writeFreeBuild());
      await bundleEngine();
      ctx.engine = true;
    } catch (err) {
      ctx.notes.push(`engine not measured: bundling engine/freerun failed: ${err instanceof Error ? err.message.split('\n').slice(0, 3).join(' ') : String(err)}`);
    }
  }
  if (wants('b') || wants('c')) {
    const b = buildNative();
    ctx.native = b.ok;
    if (b.ok) meta.compiler = b.compiler;
    else ctx.notes.push(b.why);
  }
  let server: BenchServer | undefined;
  try {
    if (!args.chromium) ctx.notes.push('Chromium skipped (--no-chromium)');
    else if (!chromiumPath()) ctx.notes.push('no Chromium at CHROMIUM_PATH or /usr/bin/chromium: Chromium measurements skipped');
    else {
      try {
        meta.chromium = await chromiumVersion();
        ctx.chromium = true;
        if (rings) {
          server = await startServer();
          ctx.pageUrl = server.url;
        }
      } catch (err) {
        ctx.notes.push(`Chromium unusable, skipped: ${err instanceof Error ? err.message : String(err)}`);
        ctx.chromium = false;
      }
    }
    const res: Omit<BenchResults, 'targets' | 'notes' | 'report' | 'out'> = { meta };
    if (wants('a') || wants('b')) res.throughput = await throughput(ctx, wants('a') && ctx.engine, wants('b'));
    if (wants('c')) res.latency = await latency(ctx);
    if (wants('d')) res.step = stepCost(ctx);
    if (wants('e')) {
      try {
        res.page = await pageCosts(ctx);
      } catch (err) {
        res.page = { routes: [], missingRoutes: [], skipped: `page costs failed: ${err instanceof Error ? err.message : String(err)}` };
      }
    }
    if (wants('f') && ctx.engine) res.kickPrice = await kickPrice(ctx);
    const ts = targets(res.throughput, res.latency, res.step, res.page);
    const failed = [...(res.throughput?.runs ?? []).map((r) => ['throughput', r] as const), ...(res.latency?.runs ?? []).map((r) => ['round trip', r] as const), ...(res.kickPrice?.runs ?? []).map((r) => ['kick price', r] as const)];
    for (const [what, r] of failed)
      if (!r.ok) ctx.notes.push(`FAILED ${what}, rep ${r.rep + 1}, ${r.impl} ${r.env} ${r.mode}: ${r.message.length > 300 ? `${r.message.slice(0, 300)}… (full text in JSON)` : r.message}`);
    meta.finished = new Date().toISOString();
    meta.seconds = Math.round((Date.now() - started.getTime()) / 100) / 10;
    meta.load1AtEnd = loadavg()[0];
    const parts = [
      `virtio explainer benchmark — ${meta.cpu}, node ${process.version}${meta.chromium ? `, Chromium ${meta.chromium}` : ''}${meta.compiler ? `, ${meta.compiler}` : ''}; load ${Number(meta.load1AtStart).toFixed(2)} at start`,
      res.throughput && throughputReport(res.throughput, args.reps),
      res.latency && latencyReport(res.latency),
      res.step && stepReport(res.step),
      res.page && pageReport(res.page),
      res.kickPrice && kickPriceReport(res.kickPrice, res.throughput),
      targetReport(ts),
      ctx.notes.length ? `Notes:\n${ctx.notes.map((n) => `  * ${n}`).join('\n')}` : '',
    ];
    const out = resolve(ROOT, args.out);
    const report = parts.filter(Boolean).join('\n\n');
    mkdirSync(dirname(out), { recursive: true });
    const all: BenchResults = { ...res, targets: ts, notes: ctx.notes, report, out };
    writeFileSync(out, JSON.stringify({ ...all, report: undefined }, null, 2) + '\n');
    return all;
  } finally {
    await server?.close();
  }
}

async function main() {
  const parsed = parseArgs(process.argv.slice(2));
  if ('help' in parsed) {
    console.log(USAGE);
    return;
  }
  if ('error' in parsed) {
    console.error(`bench: ${parsed.error}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const r = await runBench(parsed);
  console.log(`\n${r.report}\n\nJSON: ${r.out} (${r.meta.seconds} s)`);
  log('done');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
