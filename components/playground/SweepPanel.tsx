'use client';
/**
 * The sweep: short free runs one after another, the form's options with one
 * value changed each time (queue size or batch), plotted as frames/s per
 * value. The chart is a small SVG re-rendered once per finished run.
 */
import { m } from 'framer-motion';
import { useState } from 'react';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Panel } from '../walkthrough/Panel';
import { Bi } from './Bi';
import { niceCeil } from './draw';
import { si } from './format';
import { SWEEP_FRAMES, SWEEP_VALUES, freeRunConfig, parseFrames, sweepOptions, type PlaygroundOptions, type SweepKind } from './options';
import { PlaygroundRun, isBusy, useRunPhase } from './PlaygroundRun';
import styles from './Playground.module.css';
import type { SweepPoint } from './runMachine';
import { pt } from '../i18n/ui-text';

const W = 560;
const H = 200;
const PAD = { l: 56, r: 12, t: 18, b: 30 };

function SweepChart({ values, points, kind, running }: { values: readonly number[]; points: readonly SweepPoint[]; kind: SweepKind; running: boolean }) {
  const mode = useExplainer((s) => s.lang);
  const max = niceCeil(Math.max(1, ...points.map((p) => p.framesPerSec ?? 0)) * 1.1);
  const cw = W - PAD.l - PAD.r;
  const ch = H - PAD.t - PAD.b;
  const slot = cw / values.length;
  const bw = Math.min(64, slot * 0.56);
  const y = (v: number) => PAD.t + ch - (v / max) * ch;
  const label = `${pt(kind === 'qsize' ? 'sweepQsize' : 'sweepBatch', mode)}: ${points.map((p) => `${p.value} → ${p.framesPerSec ? si(p.framesPerSec) : '–'}`).join(', ')}`;
  return (
    <svg className={styles.sweepChart} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid="sweep-chart">
      {[0, 0.25, 0.5, 0.75, 1].map((f) => (
        <g key={f}>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(max * f)} y2={y(max * f)} className={styles.gridLine} />
          <text x={PAD.l - 6} y={y(max * f)} className={styles.axisText} textAnchor="end" dominantBaseline="middle">
            {si(max * f)}
          </text>
        </g>
      ))}
      {values.map((v, i) => {
        const p = points[i];
        const cx = PAD.l + slot * i + slot / 2;
        const fps = p?.framesPerSec ?? 0;
        const top = y(fps);
        const current = running && i === points.length;
        return (
          <g key={v} data-testid={`sweep-point-${v}`} data-fps={p?.framesPerSec ?? ''} data-ok={p ? String(p.ok) : ''}>
            {p ? (
              <m.rect
                x={cx - bw / 2}
                width={bw}
                rx={3}
                initial={{ y: y(0), height: 0 }}
                animate={{ y: top, height: y(0) - top }}
                transition={{ duration: 0.4, ease: 'easeOut' }}
                className={p.ok ? styles.bar : styles.barBad}
              />
            ) : (
              <rect x={cx - bw / 2} width={bw} y={PAD.t} height={ch} rx={3} className={current ? styles.barPending : styles.barEmpty} />
            )}
            {p ? (
              <text x={cx} y={top - 5} textAnchor="middle" className={styles.barText}>
                {p.framesPerSec ? si(p.framesPerSec) : '–'}
              </text>
            ) : null}
            <text x={cx} y={H - PAD.b + 16} textAnchor="middle" className={styles.axisText}>
              {kind === 'qsize' ? `qsize ${v}` : `batch ${v}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The sweep form and chart. */
export function SweepPanel({ options, canRun }: { options: PlaygroundOptions; canRun: boolean }) {
  const mode = useExplainer((s) => s.lang);
  const actor = PlaygroundRun.useActorRef();
  const phase = useRunPhase();
  const sweep = PlaygroundRun.useSelector((s) => s.context.sweep);
  const [kind, setKind] = useState<SweepKind>('qsize');
  const [framesText, setFramesText] = useState(String(SWEEP_FRAMES));
  const frames = parseFrames(framesText);
  const busy = isBusy(phase);
  const shownKind = sweep?.kind ?? kind;
  const start = () => {
    if (frames === null) return;
    const runs = SWEEP_VALUES[kind].map((value) => ({ value, cfg: freeRunConfig(sweepOptions(options, kind, value, frames)) }));
    actor.send({ type: 'SWEEP', kind, runs });
  };
  const sweeping = phase === 'sweeping';
  return (
    <Panel
      title={pt('sweep', mode)}
      testId="sweep"
      aside={sweeping && sweep ? `${pt('sweepRunning', mode)} ${Math.min(sweep.points.length + 1, sweep.runs.length)} ${pt('sweepOf', mode)} ${sweep.runs.length}` : undefined}
    >
      <p className={`${styles.note} ${styles.noteLines}`}>
        <Bi k="sweepNote" mode={mode} />
      </p>
      <div className={styles.sweepForm}>
        <fieldset className={styles.segmented} disabled={busy}>
          <legend className="visually-hidden">{pt('sweep', mode)}</legend>
          {(['qsize', 'batch'] as const).map((k) => (
            <label key={k} data-checked={kind === k || undefined}>
              <input type="radio" name="sweep-kind" value={k} checked={kind === k} onChange={() => setKind(k)} data-testid={`sweep-${k}`} />
              {pt(k === 'qsize' ? 'sweepQsize' : 'sweepBatch', mode)} <span className={styles.muted}>({SWEEP_VALUES[k].join(', ')})</span>
            </label>
          ))}
        </fieldset>
        <label className={styles.inlineField} data-error={frames === null || undefined}>
          {pt('sweepFrames', mode)}
          <input
            type="text"
            inputMode="numeric"
            value={framesText}
            onChange={(e) => setFramesText(e.target.value)}
            disabled={busy}
            aria-invalid={frames === null}
            data-testid="sweep-frames"
          />
        </label>
        <button type="button" className={styles.button} disabled={busy || !canRun || frames === null} onClick={start} data-testid="sweep-run">
          {pt('sweepRun', mode)}
        </button>
        {sweeping ? (
          <button type="button" className={styles.button} onClick={() => actor.send({ type: 'STOP' })} data-testid="sweep-stop">
            {pt('stopSweep', mode)}
          </button>
        ) : null}
      </div>
      {sweep ? (
        <figure className={styles.sweepFigure}>
          <SweepChart values={sweep.runs.map((r) => r.value)} points={sweep.points} kind={shownKind} running={sweeping} />
          <figcaption className={styles.chartNote}>{pt('sweepResult', mode)}</figcaption>
        </figure>
      ) : null}
    </Panel>
  );
}
