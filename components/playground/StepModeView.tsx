'use client';
/**
 * What step mode shows once a paused run is continued: the player, the
 * recorded beats with their captions, the prose and the ring. Loaded only
 * then (next/dynamic in StepMode.tsx), so the playground's first load does
 * not carry the walkthrough's views.
 */
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import type { Lang } from '@/content/types';
import type { TraceEvent } from '@/engine/trace/events';
import { htmlLang, langsOf, pt } from '../i18n/ui-text';
import { Player } from '../player/Player';
import { PlayerContext } from '../player/PlayerContext';
import { ProsePanel } from '../prose/ProsePanel';
import { useProse } from '../prose/use-prose';
import { RingView } from '../ring/RingView';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Panel } from '../walkthrough/Panel';
import { count } from './format';
import styles from './Playground.module.css';

/** One beat of the list: its number, thread, event type and caption(s). */
const Beat = memo(function Beat({
  n,
  event,
  thread,
  captions,
  current,
  onPick,
}: {
  n: number;
  event: TraceEvent;
  thread: string;
  captions: ReadonlyArray<{ lang: Lang; text: string }>;
  current: boolean;
  onPick(step: number): void;
}) {
  return (
    <li className={styles.beat} data-testid="beat" aria-current={current ? 'step' : undefined} data-current={current || undefined}>
      <button type="button" className={styles.beatButton} onClick={() => onPick(n)}>
        <span className={styles.beatN}>{n}</span>
        <span className={styles.beatMeta}>
          <span className={styles.beatThread}>{thread}</span> <code>{event.type}</code>
        </span>
        {captions.map((c) => (
          <span key={c.lang} className={styles.beatCaption} lang={htmlLang(c.lang)} data-testid={`beat-caption-${c.lang}`}>
            {c.text}
          </span>
        ))}
      </button>
    </li>
  );
});

/** The recorded beats, each with its caption; picking one seeks to it. */
function BeatList() {
  const mode = useExplainer((s) => s.lang);
  const trace = useExplainer((s) => s.trace);
  const info = useExplainer((s) => s.info);
  const step = useExplainer((s) => s.frame?.step ?? 0);
  const player = PlayerContext.useActorRef();
  const list = useRef<HTMLOListElement>(null);
  const prose = useProse();
  const rows = useMemo(() => {
    const names = new Map(info?.threads.map((t) => [t.id, t.name]));
    const langs = langsOf(mode);
    // Until the prose chunk arrives the beats are listed without captions.
    const captionsOf = (e: TraceEvent) => (prose ? langs.map((l) => ({ lang: l, text: prose.caption(e, l) })) : []);
    return trace.map((e) => ({ event: e, thread: names.get(e.actor) ?? e.actor, captions: captionsOf(e) }));
  }, [trace, info, mode, prose]);
  const onPick = useCallback((n: number) => player.send({ type: 'SEEK', step: n }), [player]);

  // Keep the current beat in sight inside the list (the list scrolls, never the page).
  useEffect(() => {
    const ol = list.current;
    const li = ol?.querySelector<HTMLElement>('[data-current]');
    if (!ol || !li) return;
    const top = li.offsetTop - ol.offsetTop;
    if (top < ol.scrollTop || top + li.offsetHeight > ol.scrollTop + ol.clientHeight) ol.scrollTop = Math.max(0, top - ol.clientHeight / 3);
  }, [step]);

  return (
    <ol ref={list} className={styles.beats} data-testid="beats" aria-label={pt('beats', mode)}>
      {rows.map((r, i) => (
        <Beat key={r.event.seq} n={i + 1} event={r.event} thread={r.thread} captions={r.captions} current={i + 1 === step} onPick={onPick} />
      ))}
    </ol>
  );
}

/** The step-mode view of a continued run, from `frames` delivered on. */
export default function StepModeView({ frames }: { frames: number }) {
  const mode = useExplainer((s) => s.lang);
  return (
    <>
      <p className={styles.note} data-testid="step-from">
        {pt('beatsFrom', mode)} <strong>{count(frames)}</strong> {pt('framesDone', mode)}
      </p>
      <div className={styles.stepPlayer}>
        <Player />
      </div>
      <div className={styles.stepGrid}>
        <Panel title={pt('beats', mode)} testId="beats-panel">
          <BeatList />
        </Panel>
        <ProsePanel />
      </div>
      <RingView />
    </>
  );
}
