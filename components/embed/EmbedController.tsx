'use client';
/**
 * The embed's side of the postMessage API (embed-messages.ts). It renders
 * nothing. It sets the player's step range and loop before the first run,
 * starts playing for autoplay, posts ready / stepChanged / height / error to
 * the embedding page (only to an origin the URL allows), and turns each
 * allowed, well-formed command into one player or store action. A message
 * from another origin or window, a malformed one, or one that arrives before
 * ready is ignored with a console warning (and, when it came from an allowed
 * origin, an error event back): nothing is applied in part.
 */
import { useEffect, type RefObject } from 'react';
import type { Lang } from '@/content/types';
import type { TraceEvent } from '@/engine/trace/events';
import { describe, functionColumn } from '@/engine/trace/format';
import { t1 } from '../i18n/ui-text';
import { PlayerContext } from '../player/PlayerContext';
import { loadProse, type Prose } from '../prose/use-prose';
import { noticeText } from '../notices/notice-text';
import { useExplainerStoreApi } from '../store/ExplainerStoreProvider';
import { envelope, eventTarget, originAllowed, parseCommand, type EmbedCommand, type EmbedEvent } from './embed-messages';
import type { EmbedParams } from './embed-params';
import { parentOrigin } from './parent-origin';

function captionIn(prose: Prose, event: TraceEvent | null, lang: Lang): string {
  if (!event) return t1('noEvent', lang);
  try {
    const text = prose.caption(event, lang);
    if (typeof text === 'string') return text;
  } catch {
    // a beat without written prose yet: its trace line, as the prose panel shows it
  }
  return `${functionColumn(event)} ${describe(event) ?? ''}`.trim();
}

const warn = (what: string) => console.warn(`[virtio-explainer embed] ${what}`);

export function EmbedController({ params, root }: { params: EmbedParams; root: RefObject<HTMLElement | null> }) {
  const store = useExplainerStoreApi();
  const player = PlayerContext.useActorRef();

  // The step range and loop, before the first run arrives.
  useEffect(() => {
    if (params.range || params.loop) player.send({ type: 'BOUNDS', first: params.range?.from ?? 0, last: params.range?.to ?? null, loop: params.loop });
  }, [player, params.range, params.loop]);

  // Autoplay: once, when the first run is ready.
  useEffect(() => {
    if (!params.autoplay) return;
    let done = false;
    const sub = player.subscribe((s) => {
      if (done || s.matches('loading')) return;
      done = true;
      player.send({ type: 'PLAY' });
    });
    return () => sub.unsubscribe();
  }, [player, params.autoplay]);

  // Events out, commands in.
  useEffect(() => {
    const parent = parentOrigin();
    const framed = window.parent !== window;
    const target = framed ? eventTarget(params.origin, parent) : null;
    const post = (event: EmbedEvent, to: string | null = target) => {
      if (to !== null) window.parent.postMessage(envelope(event, params.id), to);
    };

    let readySent = false;
    let lastStep = -1;
    let prose: Prose | null = null;
    const stepChanged = () => {
      const s = store.getState();
      if (!s.frame || !prose || !readySent || s.frame.step === lastStep) return;
      lastStep = s.frame.step;
      const ev = s.frame.event;
      post({ type: 'stepChanged', step: s.frame.step, total: s.trace.length, caption: { en: captionIn(prose, ev, 'en'), zh: captionIn(prose, ev, 'zh') } });
    };
    const maybeReady = () => {
      const s = store.getState();
      if (readySent || s.status !== 'ready' || !s.frame || !prose) return;
      readySent = true;
      post({ type: 'ready', scenario: s.scenario, view: params.view, step: s.frame.step, total: s.trace.length, lang: s.lang });
      stepChanged();
    };
    void loadProse().then((m) => {
      prose = m;
      maybeReady();
    });
    const seenNotices = new Set(store.getState().notices.map((n) => n.id));
    const unsubscribe = store.subscribe((s, prev) => {
      maybeReady();
      if (s.frame !== prev.frame) stepChanged();
      if (s.notices !== prev.notices) {
        for (const n of s.notices) {
          if (seenNotices.has(n.id)) continue;
          seenNotices.add(n.id);
          if (n.lead === 'engineError') post({ type: 'error', code: 'engine', message: noticeText(n, 'en') });
        }
      }
    });

    const apply = (c: EmbedCommand) => {
      switch (c.type) {
        case 'step':
          player.send({ type: c.by === 1 ? 'STEP_FORWARD' : 'STEP_BACK' });
          return;
        case 'seek':
          player.send({ type: 'SEEK', step: c.step });
          return;
        case 'play':
          player.send({ type: 'PLAY' });
          return;
        case 'pause':
          player.send({ type: 'PAUSE' });
          return;
        case 'setLanguage':
          // The author's choice for this frame, not the reader's remembered preference.
          store.setState({ lang: c.lang });
          return;
      }
    };
    const onMessage = (e: MessageEvent) => {
      if (e.source !== window.parent || !framed) {
        if (e.source !== window) warn(`ignored a message that did not come from the embedding page (origin ${e.origin})`);
        return;
      }
      if (!originAllowed(e.origin, params.origin, parent)) {
        warn(`ignored a message from origin ${e.origin}: not allowed (see the origin parameter)`);
        return;
      }
      const r = parseCommand(e.data);
      if (!r.ok) {
        warn(`ignored a malformed message: ${r.reason}`);
        post({ type: 'error', code: 'bad-message', message: r.reason }, e.origin);
        return;
      }
      if (!readySent) {
        warn(`ignored ${r.command.type}: not ready yet (wait for the ready event)`);
        post({ type: 'error', code: 'bad-message', message: `${r.command.type}: not ready yet` }, e.origin);
        return;
      }
      apply(r.command);
    };
    window.addEventListener('message', onMessage);

    // Height: the content's, whenever it changes.
    let lastHeight = -1;
    const el = root.current;
    const observer =
      el && typeof ResizeObserver !== 'undefined'
        ? new ResizeObserver(() => {
            const h = Math.ceil(el.getBoundingClientRect().height);
            if (h === lastHeight) return;
            lastHeight = h;
            post({ type: 'height', height: h });
          })
        : null;
    if (el) observer?.observe(el);

    return () => {
      unsubscribe();
      window.removeEventListener('message', onMessage);
      observer?.disconnect();
    };
  }, [store, player, params, root]);

  return null;
}
