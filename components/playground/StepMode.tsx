'use client';
/**
 * Step mode continuing a paused free run. The host owns a step-mode engine
 * worker (the walkthrough's): "Continue" copies the paused arena and sends
 * `resume`; the beats it records land in the explainer store and the player,
 * so the walkthrough's own player, ring view and prose show them
 * (StepModeView.tsx, loaded on first use).
 */
import dynamic from 'next/dynamic';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { readCounters } from '@/engine/freerun/run';
import type { WorldInfo } from '@/engine/scenarios/world';
import type { TraceEvent } from '@/engine/trace/events';
import { pt } from '../i18n/ui-text';
import { PlayerContext } from '../player/PlayerContext';
import { decodeAnyFrame, type FrameView } from '../frame/decode';
import { useExplainer, useExplainerStoreApi } from '../store/ExplainerStoreProvider';
import { Bi } from './Bi';
import { PlaygroundRun, useRunPhase } from './PlaygroundRun';
import styles from './Playground.module.css';
import { StepBridge, spawnStepWorker } from './step-bridge';

/** The views of a continued run, loaded when the reader first continues (they are the walkthrough's ring, prose and player). */
const StepModeView = dynamic(() => import('./StepModeView'), { ssr: false });

/** Beats recorded after the paused point. */
export const RESUME_STEPS = 300;

/** Where step mode is. */
export type StepModeStatus = { kind: 'none' } | { kind: 'loading'; frames: number } | { kind: 'ready'; frames: number } | { kind: 'error'; message: string };

interface StepModeApi {
  status: StepModeStatus;
  /** Possible now: a run is paused and every thread parked. */
  canContinue: boolean;
  continueInStepMode(): void;
}

const StepModeContext = createContext<StepModeApi | null>(null);

/** The step-mode API (inside StepModeHost). */
export function useStepMode(): StepModeApi {
  const api = useContext(StepModeContext);
  if (!api) throw new Error('useStepMode must be used inside <StepModeHost>');
  return api;
}

/** Owns the step-mode worker and feeds its frames to the store and the player. */
export function StepModeHost({ children }: { children: ReactNode }) {
  const store = useExplainerStoreApi();
  const player = PlayerContext.useActorRef();
  const runActor = PlaygroundRun.useActorRef();
  const phase = useRunPhase();
  const [status, setStatus] = useState<StepModeStatus>({ kind: 'none' });
  const bridge = useRef<StepBridge | null>(null);
  const raf = useRef(0);

  // The player's seeks go to the worker; the worker goes away with the page.
  useEffect(() => {
    const seeks = player.on('seek', ({ step }) => bridge.current?.seek(step));
    return () => {
      seeks.unsubscribe();
      cancelAnimationFrame(raf.current);
      bridge.current?.dispose();
      bridge.current = null;
    };
  }, [player]);

  const continueInStepMode = useCallback(() => {
    const run = runActor.getSnapshot().context.run;
    if (!run || !run.settled || run.ended) return;
    type Loaded = { info: WorldInfo; trace: readonly TraceEvent[]; shared: boolean };
    // The run being loaded, the run shown, and the newest frame waiting for the next animation frame.
    let loading = null as Loaded | null;
    let current = null as Loaded | null;
    let pending = null as { first: boolean; view: FrameView; bytes: Uint8Array } | null;
    const commit = () => {
      raf.current = 0;
      const p = pending;
      pending = null;
      if (!p || !current) return;
      const s = store.getState();
      if (p.first) {
        s.runLoaded(current.info, current.trace, current.shared, p.view, p.bytes);
        player.send({ type: 'LOADED', total: current.trace.length, step: p.view.step });
      } else s.showFrame(p.view, p.bytes);
    };
    bridge.current?.dispose();
    cancelAnimationFrame(raf.current);
    bridge.current = new StepBridge(spawnStepWorker(), {
      loaded(info, trace, memory) {
        loading = { info, trace, shared: memory !== null };
      },
      frame(snapshot, bytes) {
        const first = loading !== null;
        if (first) {
          current = loading;
          loading = null;
          setStatus((s) => (s.kind === 'loading' ? { kind: 'ready', frames: s.frames } : s));
        }
        if (!current) return;
        pending = { first: first || (pending?.first ?? false), view: decodeAnyFrame(current.info, current.trace, snapshot, bytes), bytes };
        if (!raf.current) raf.current = requestAnimationFrame(commit);
      },
      error(message) {
        setStatus({ kind: 'error', message });
      },
    });
    setStatus({ kind: 'loading', frames: readCounters(run.buffer, run.cfg).framesDelivered });
    player.send({ type: 'LOAD' });
    bridge.current.resume(run.cfg.scenario, run.cfg.options, run.snapshotBytes(), RESUME_STEPS);
  }, [runActor, store, player]);

  const api = useMemo<StepModeApi>(() => ({ status, canContinue: phase === 'paused', continueInStepMode }), [status, phase, continueInStepMode]);
  return <StepModeContext.Provider value={api}>{children}</StepModeContext.Provider>;
}

/** The step-mode panel: a hint until a paused run is continued, then the player, the beats, the ring and the prose. */
export function StepModePanel() {
  const mode = useExplainer((s) => s.lang);
  const { status } = useStepMode();
  return (
    <section id="step-mode" className={styles.stepSection} aria-labelledby="step-mode-title" data-testid="step-mode" data-status={status.kind}>
      <h2 id="step-mode-title" className={styles.sectionTitle} tabIndex={-1}>
        {pt('stepMode', mode)}
      </h2>
      <p className={`${styles.note} ${styles.noteLines}`}>
        <Bi k={status.kind === 'none' ? 'stepModeNeedsPause' : 'stepModeNote'} mode={mode} />
      </p>
      {status.kind === 'loading' ? <p className={styles.note}>{pt('stepModeLoading', mode)}</p> : null}
      {status.kind === 'error' ? (
        <p className={styles.error} role="alert">
          {pt('error', mode)}: {status.message}
        </p>
      ) : null}
      {status.kind === 'ready' ? <StepModeView frames={status.frames} /> : null}
    </section>
  );
}
