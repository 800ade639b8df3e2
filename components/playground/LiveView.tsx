'use client';
/**
 * The live view of the current run. One requestAnimationFrame loop samples
 * the shared memory (LiveSampler) and redraws the canvases imperatively; the
 * numbers go through React only five times a second, so the page stays light
 * while the workers run. With prefers-reduced-motion the charts redraw twice
 * a second instead of scrolling every frame.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { PAUSE } from '@/engine/sched/free-run';
import { pt, type LangMode, type PlaygroundKey } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Panel } from '../walkthrough/Panel';
import { Bi } from './Bi';
import { drawHeat, drawSeries, readPalette, type Palette } from './draw';
import { bytesRate, count, percent, ratio, seconds, si } from './format';
import { PlaygroundRun } from './PlaygroundRun';
import styles from './Playground.module.css';
import type { FreeRun } from './runner';
import { LiveSampler, type LiveStats } from './sampler';

/** How often the numbers re-render. */
const STATS_EVERY_MS = 200;
/** Chart redraw interval under prefers-reduced-motion. */
const REDUCED_DRAW_EVERY_MS = 500;

/** What React shows: the sampler's stats plus the run's clock. */
interface View {
  stats: LiveStats;
  elapsedMs: number;
  heatSamples: number;
  heatMax: number;
  maxInFlight: number;
  /** The run is over: rates and shares are averages over its active time. */
  final: boolean;
}

function Stat({ label, value, sub, testId, raw }: { label: string; value: string; sub?: string; testId: string; raw: number }) {
  return (
    <div className={styles.stat} data-testid={testId} data-value={raw}>
      <dt>{label}</dt>
      <dd>
        <span className={styles.statValue}>{value}</span>
        {sub ? <span className={styles.statSub}>{sub}</span> : null}
      </dd>
    </div>
  );
}

function Stats({ view, mode }: { view: View | null; mode: LangMode }) {
  const s = view?.stats;
  const frames = s?.frames ?? 0;
  const total = s?.total ?? 0;
  const progress = total > 0 ? frames / total : 0;
  const per = (key: PlaygroundKey) => pt(key, mode);
  return (
    <div className={styles.statsWrap}>
      <div className={styles.progressRow}>
        <div
          className={styles.progress}
          role="progressbar"
          aria-label={per('framesDone')}
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={frames}
          aria-valuetext={`${count(frames)} / ${count(total)}`}
        >
          <div className={styles.progressFill} style={{ width: `${(progress * 100).toFixed(2)}%` }} />
        </div>
        <span className={styles.progressText}>
          {count(frames)} / {count(total)} · {seconds(view?.elapsedMs ?? 0)}
        </span>
      </div>
      <dl className={styles.stats}>
        <Stat testId="stat-frames" raw={frames} label={per('framesDone')} value={count(frames)} sub={total ? percent(progress) : undefined} />
        <Stat
          testId="stat-fps"
          raw={Math.round(s?.framesPerSec ?? 0)}
          label={per('framesPerSec')}
          value={si(s?.framesPerSec ?? 0)}
          sub={view?.final ? per('average') : undefined}
        />
        <Stat
          testId="stat-bps"
          raw={Math.round(s?.bytesPerSec ?? 0)}
          label={per('bytesPerSec')}
          value={bytesRate(s?.bytesPerSec ?? 0)}
          sub={view?.final ? per('average') : undefined}
        />
        <Stat
          testId="stat-kicks"
          raw={s?.counters.kicks ?? 0}
          label={per('kicksPerSec')}
          value={si(s?.kicksPerSec ?? 0)}
          sub={`${ratio(s?.kicksPerFrame ?? null)} ${per('perFrame')}`}
        />
        <Stat
          testId="stat-calls"
          raw={s?.counters.calls ?? 0}
          label={per('callsPerSec')}
          value={si(s?.callsPerSec ?? 0)}
          sub={`${ratio(s?.callsPerFrame ?? null)} ${per('perFrame')}`}
        />
        <Stat
          testId="stat-interrupts"
          raw={s?.counters.interrupts ?? 0}
          label={per('interrupts')}
          value={count(s?.counters.interrupts ?? 0)}
          sub={`${si(s?.interruptsPerSec ?? 0)}/s`}
        />
      </dl>
    </div>
  );
}

function CpuShares({ view, mode }: { view: View | null; mode: LangMode }) {
  const threads = view?.stats.threads ?? [];
  const paused = view?.stats.paused ?? false;
  return (
    <ul className={styles.cpu} data-testid="cpu">
      {threads.map((th) => (
        <li key={th.id} className={styles.cpuRow} data-testid={`cpu-${th.id}`} data-share={th.share ?? ''}>
          <span className={styles.cpuName} data-where={th.where}>
            {th.name}
          </span>
          <span className={styles.cpuBar} aria-hidden="true">
            <span className={styles.cpuFill} data-where={th.where} style={{ width: `${paused ? 0 : Math.round((th.share ?? 0) * 100)}%` }} />
          </span>
          <span className={styles.cpuValue}>{paused ? pt('parked', mode) : th.share === null ? '–' : percent(th.share)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Runs the sampling loop for `run` and draws into the canvases. */
function useLiveLoop(
  run: FreeRun | null,
  canvases: { tput: RefObject<HTMLCanvasElement | null>; occ: RefObject<HTMLCanvasElement | null>; heat: RefObject<HTMLCanvasElement | null> },
  onView: (v: View) => void,
  nowLabel: RefObject<string>,
) {
  const { tput, occ, heat } = canvases;
  useEffect(() => {
    if (!run) return;
    const sampler = new LiveSampler(run);
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)');
    let palette: Palette | null = null;
    let raf = 0;
    let lastStats = -Infinity;
    let lastDraw = -Infinity;
    let lastPaused = false;

    const draw = (now: number) => {
      palette ??= readPalette(document.documentElement);
      const p = palette;
      const axis = { nowLabel: nowLabel.current };
      if (tput.current) drawSeries(tput.current, sampler.throughput, now, p, { ...axis, color: p.accent, label: (v) => si(v) });
      if (occ.current)
        drawSeries(occ.current, sampler.occupancyAvg, now, p, {
          ...axis,
          color: p.host,
          under: sampler.occupancy,
          yMax: sampler.maxInFlight,
          label: (v) => String(Math.round(v)),
        });
      if (heat.current) drawHeat(heat.current, sampler.heat, sampler.heatMax, p);
    };
    const publish = (finalMs: number | null) => {
      const stats = finalMs === null ? sampler.stats() : sampler.runAverages(finalMs);
      if (!stats) return;
      onView({
        stats,
        elapsedMs: finalMs ?? run.activeMs(),
        heatSamples: sampler.heatSamples,
        heatMax: sampler.heatMax,
        maxInFlight: sampler.maxInFlight,
        final: finalMs !== null,
      });
    };
    const tick = (now: number) => {
      sampler.sample(now);
      if (now - lastDraw >= (reduce.matches ? REDUCED_DRAW_EVERY_MS : 0)) {
        draw(now);
        lastDraw = now;
      }
      if (run.ended) {
        // One last look at the finished memory, then stop sampling.
        void run.done.then((o) => {
          draw(performance.now());
          publish(o.kind === 'failed' ? run.activeMs() : o.ms);
        });
        raf = 0;
        return;
      }
      // Numbers re-render a few times a second, and at once when the run pauses or resumes.
      const paused = run.ctl.state === PAUSE;
      if (now - lastStats >= STATS_EVERY_MS || paused !== lastPaused) {
        publish(null);
        lastStats = now;
        lastPaused = paused;
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    // A resized window redraws at once (the loop may have stopped).
    const onResize = () => draw(performance.now());
    window.addEventListener('resize', onResize);
    return () => {
      if (raf) cancelAnimationFrame(raf);
      window.removeEventListener('resize', onResize);
    };
  }, [run, tput, occ, heat, onView, nowLabel]);
}

/** Stats, throughput and occupancy over time, the descriptor heat map and CPU shares. */
export function LiveView() {
  const mode = useExplainer((s) => s.lang);
  const run = PlaygroundRun.useSelector((s) => s.context.run);
  const [view, setView] = useState<View | null>(null);
  const tput = useRef<HTMLCanvasElement>(null);
  const occ = useRef<HTMLCanvasElement>(null);
  const heat = useRef<HTMLCanvasElement>(null);
  // The charts' "now" follows the language without restarting the sampling loop.
  const nowLabel = useRef(pt('now', mode));
  useEffect(() => {
    nowLabel.current = pt('now', mode);
  }, [mode]);
  useLiveLoop(run, { tput, occ, heat }, setView, nowLabel);
  const shown = run ? view : null;
  const num = run?.info.ring.num ?? 0;
  const avg = shown?.final ? ` (${pt('average', mode)})` : '';

  return (
    <section className={styles.live} data-testid="live" aria-label={pt('live', mode)}>
      <Stats view={shown} mode={mode} />
      <div className={styles.charts}>
        <Panel title={pt('throughputChart', mode)} aside={shown ? `${si(shown.stats.framesPerSec)} ${pt('framesPerSec', mode)}${avg}` : undefined}>
          <canvas ref={tput} className={styles.chart} role="img" aria-label={pt('throughputChart', mode)} data-testid="chart-throughput" />
        </Panel>
        <Panel title={pt('occupancyChart', mode)} aside={shown ? `${Math.round(shown.stats.occupancyAvg)} / ${shown.maxInFlight}` : undefined}>
          <canvas ref={occ} className={styles.chart} role="img" aria-label={pt('occupancyChart', mode)} data-testid="chart-occupancy" />
        </Panel>
      </div>
      <div className={styles.charts}>
        <Panel title={pt('heatmap', mode)} aside={shown ? `${count(shown.heatSamples)} ${pt('heatmapSamples', mode)}` : undefined}>
          <canvas ref={heat} className={styles.heat} role="img" aria-label={pt('heatmapNote', mode)} data-testid="heatmap" data-num={num} />
          <p className={styles.chartNote}>
            <span className={styles.heatScale} aria-hidden="true" />
            <span className={styles.noteLines}>
              <Bi k="heatmapNote" mode={mode} />
            </span>
            {shown ? <span className={styles.heatRange}>0 … {count(shown.heatMax)}</span> : null}
          </p>
        </Panel>
        <Panel title={pt('cpu', mode)}>
          <CpuShares view={shown} mode={mode} />
          <p className={styles.chartNote}>
            <span className={styles.noteLines}>
              <Bi k="cpuNote" mode={mode} />
            </span>
          </p>
        </Panel>
      </div>
    </section>
  );
}
