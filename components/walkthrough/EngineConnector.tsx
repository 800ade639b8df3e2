'use client';
/**
 * The wiring between the engine worker, the store and the player. It renders
 * nothing. Flow: store.request → worker `load`; player `seek` → worker
 * `seek`; worker frame → decodeAnyFrame → (once per animation frame) store;
 * store → URL (replaceState) and <html lang>.
 */
import { useEffect } from 'react';
import type { WorldInfo } from '@/engine/scenarios/world';
import type { TraceEvent } from '@/engine/trace/events';
import { EngineBridge, type WorkerPort } from '../engine/engine-bridge';
import { htmlLang } from '../i18n/ui-text';
import { PlayerContext } from '../player/PlayerContext';
import { decodeAnyFrame, type FrameView } from '../frame/decode';
import { useExplainerStoreApi } from '../store/ExplainerStoreProvider';
import type { ExplainerState } from '../store/explainer-store';
import { buildQuery } from '../url/url-state';

interface Run {
  info: WorldInfo;
  trace: readonly TraceEvent[];
  shared: boolean;
}

/** What waits for the next animation frame: the newest frame, and the run it starts if it is a load's first. */
interface Pending {
  run: Run | null;
  view: FrameView;
  bytes: Uint8Array;
}

const URL_DEBOUNCE_MS = 200;
/** Longest wait for an animation frame before a frame is committed without one. */
const LATE_MS = 250;

/** Starts the worker and keeps store, player and URL in step with it. */
export function EngineConnector({ syncUrl = true }: { syncUrl?: boolean }) {
  const store = useExplainerStoreApi();
  const player = PlayerContext.useActorRef();

  // Worker, bridge and the frame pipeline.
  useEffect(() => {
    const worker = new Worker(new URL('../../engine/worker/engine.worker.ts', import.meta.url));
    let run: Run | null = null;
    let loading: Run | null = null;
    let pending: Pending | null = null;
    let raf = 0;

    let late = 0;
    const commit = () => {
      raf = 0;
      if (late) clearTimeout(late);
      late = 0;
      const p = pending;
      pending = null;
      if (!p) return;
      const s = store.getState();
      if (p.run) {
        s.runLoaded(p.run.info, p.run.trace, p.run.shared, p.view, p.bytes);
        player.send({ type: 'LOADED', total: p.run.trace.length, step: p.view.step });
      } else s.showFrame(p.view, p.bytes);
    };
    // At most one store update per animation frame, made in a task of its own just after that frame: the
    // React commit and the browser's layout and paint of it then fall in two frames, not one (a hidden page
    // has no frames, so use a task there).
    const after = new MessageChannel();
    after.port1.onmessage = commit;
    // An iframe scrolled out of view gets no animation frames (Chromium throttles them), yet an embed driven by
    // its host page must still move: if no frame comes within LATE_MS, commit anyway.
    const schedule = () => {
      if (raf) return;
      raf = document.visibilityState === 'hidden' ? window.setTimeout(commit, 0) : requestAnimationFrame(() => after.port2.postMessage(null));
      late = window.setTimeout(() => {
        cancelAnimationFrame(raf);
        commit();
      }, LATE_MS);
    };

    const bridge = new EngineBridge(worker as unknown as WorkerPort, {
      loaded(info, trace, memory) {
        loading = { info, trace, shared: memory !== null };
      },
      frame(snapshot, bytes, first) {
        const r = first ? loading : run;
        if (!r) return;
        if (first) {
          run = r;
          loading = null;
          const asked = store.getState().request.step;
          if (asked > snapshot.step) store.getState().report('stepClamped', `${snapshot.step} / ${r.trace.length}`);
        }
        const view = decodeAnyFrame(r.info, r.trace, snapshot, bytes);
        pending = { run: first ? r : (pending?.run ?? null), view, bytes };
        schedule();
      },
      error(message, duringLoad, problem) {
        const s = store.getState();
        s.report('engineError', problem ? { kind: 'option', problem } : message);
        if (!duringLoad) return;
        loading = null;
        s.runFailed();
        if (run) {
          // The worker kept the previous run: go back to it where it was.
          player.send({ type: 'LOADED', total: run.trace.length, step: s.frame?.step ?? 0 });
        } else if (Object.keys(s.request.options).length > 0) {
          // The very first load failed on option values the URL gave: fall back to the defaults.
          s.requestLoad({}, s.request.step);
        }
      },
    });

    const load = (s: ExplainerState) => {
      player.send({ type: 'LOAD' });
      bridge.load(s.scenario, s.request.options, s.request.step);
    };
    load(store.getState());
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.request !== prev.request) load(s);
    });
    const seeks = player.on('seek', ({ step }) => bridge.seek(step));

    return () => {
      unsubscribe();
      seeks.unsubscribe();
      if (raf) {
        cancelAnimationFrame(raf);
        clearTimeout(raf);
      }
      if (late) clearTimeout(late);
      after.port1.onmessage = null;
      after.port1.close();
      bridge.dispose();
    };
  }, [store, player]);

  // Remembered prefs, the player's speed and <html lang>.
  useEffect(() => {
    store.getState().restorePrefs();
    const apply = (s: ExplainerState) => {
      player.send({ type: 'SET_SPEED', speed: s.speed });
      document.documentElement.lang = htmlLang(s.lang === 'zh' ? 'zh' : 'en');
    };
    apply(store.getState());
    return store.subscribe((s, prev) => {
      if (s.speed !== prev.speed || s.lang !== prev.lang) apply(s);
    });
  }, [store, player]);

  // The URL follows the step, the options and a chosen language.
  useEffect(() => {
    if (!syncUrl) return;
    let timer = 0;
    const write = () => {
      timer = 0;
      const s = store.getState();
      if (!s.info || !s.frame) return;
      const query = buildQuery(s.table, s.info.options, s.frame.step, s.langFromUrl ? s.lang : null);
      if (query !== window.location.search) window.history.replaceState(window.history.state, '', `${window.location.pathname}${query}`);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.frame?.step === prev.frame?.step && s.info === prev.info && s.lang === prev.lang && s.langFromUrl === prev.langFromUrl) return;
      if (!timer) timer = window.setTimeout(write, URL_DEBOUNCE_MS);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, syncUrl]);

  return null;
}
