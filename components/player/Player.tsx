'use client';
/**
 * The player bar: the registered commands as buttons, a speed select, a
 * scrubber over every step, and "step N / M". Keys (← → Space Home End) run
 * the same commands: with `keys="document"` anywhere on the page from the
 * first paint (the walkthrough and the embed), otherwise while focus is
 * inside the bar. keys.ts decides when a focused control keeps a key.
 */
import { shallowEqual } from '@xstate/react';
import { useEffect, useRef, type RefObject } from 'react';
import type { ActorRefFrom, SnapshotFrom } from 'xstate';
import { t } from '../i18n/ui-text';
import { SPEEDS } from '../store/prefs-slice';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { PLAYER_COMMANDS, commandForKey, type PlayerView } from './commands';
import { Icon } from './icons';
import { describeFocus, playerTakesKey, type PlayerKey } from './keys';
import { PlayerContext } from './PlayerContext';
import { bounds, type playerMachine } from './playerMachine';
import styles from './Player.module.css';

/** What the commands see of a player snapshot. */
function viewOf(s: SnapshotFrom<typeof playerMachine>): PlayerView {
  const { lo, hi } = bounds(s.context);
  return { step: s.context.step, total: s.context.total, first: lo, last: hi, playing: s.matches('playing'), atEnd: s.matches('at end'), ready: !s.matches('loading') };
}

/** Where the player listens for its keys. */
export type PlayerKeys = 'document' | 'bar';

/**
 * The key handler, for the document or the bar. It reads the player at key
 * time (not at the last render), so quick presses never act on a stale step.
 */
function keyHandler(actor: ActorRefFrom<typeof playerMachine>, bar: RefObject<HTMLElement | null>, scrubber: RefObject<HTMLInputElement | null>) {
  let spaceTaken = false;
  return {
    down(e: KeyboardEvent) {
      if (e.defaultPrevented || e.isComposing) return;
      const command = commandForKey(e);
      if (!command) return;
      const target = e.target instanceof Element ? e.target : document.body;
      if (!playerTakesKey(describeFocus(target, bar.current, scrubber.current), e.key as PlayerKey)) return;
      e.preventDefault(); // no page scroll, no range-input nudge, no button click on Space
      spaceTaken = e.key === ' ';
      if (e.repeat && e.key === ' ') return; // a held Space toggles once
      const v = viewOf(actor.getSnapshot());
      if (command.predicate(v)) actor.send(command.perform(v));
    },
    /** A Space keyup on a focused button would click it: the keydown already ran the command. */
    up(e: KeyboardEvent) {
      if (e.key !== ' ' || !spaceTaken) return;
      spaceTaken = false;
      e.preventDefault();
    },
  };
}

/** The player controls. */
export function Player({ keys = 'bar' }: { keys?: PlayerKeys }) {
  const actor = PlayerContext.useActorRef();
  const view: PlayerView = PlayerContext.useSelector(viewOf, shallowEqual);
  const state = PlayerContext.useSelector((s) => String(s.value));
  const shown = useExplainer((s) => s.frame?.step ?? 0);
  const total = useExplainer((s) => s.trace.length);
  const lang = useExplainer((s) => s.lang);
  const speed = useExplainer((s) => s.speed);
  const chooseSpeed = useExplainer((s) => s.chooseSpeed);

  const bar = useRef<HTMLElement>(null);
  const scrubber = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const target = keys === 'document' ? document : bar.current;
    if (!target) return;
    const { down, up } = keyHandler(actor, bar, scrubber);
    target.addEventListener('keydown', down as EventListener);
    target.addEventListener('keyup', up as EventListener);
    return () => {
      target.removeEventListener('keydown', down as EventListener);
      target.removeEventListener('keyup', up as EventListener);
    };
  }, [keys, actor]);

  const label = t('player', lang);
  return (
    <section
      className={styles.player}
      role="region"
      aria-label={label}
      aria-keyshortcuts="ArrowLeft ArrowRight Space Home End"
      tabIndex={0}
      ref={bar}
      data-testid="player"
      data-state={state}
    >
      <div className={styles.buttons}>
        {PLAYER_COMMANDS.map((c) => {
          const name = t(c.labelKey(view), lang);
          return (
            <button
              key={c.name}
              type="button"
              className={c.name === 'toggle play' ? styles.primary : styles.button}
              aria-label={name}
              title={name}
              disabled={!c.predicate(view)}
              onClick={() => actor.send(c.perform(view))}
              data-testid={c.testId}
            >
              <Icon name={c.icon(view)} />
            </button>
          );
        })}
      </div>
      <input
        ref={scrubber}
        type="range"
        className={styles.scrubber}
        min={view.first}
        max={Math.max(view.last, view.first)}
        step={1}
        value={view.step}
        disabled={!view.ready}
        aria-label={t('scrubber', lang)}
        aria-valuetext={`${t('step', lang === 'zh' ? 'zh' : 'en')} ${view.step} / ${view.total}`}
        onChange={(e) => actor.send({ type: 'SEEK', step: Number(e.currentTarget.value) })}
        data-testid="player-scrubber"
      />
      <output className={styles.step} data-testid="step" data-step={shown} aria-live="off">
        {t('step', lang === 'zh' ? 'zh' : 'en')} {shown} / {total}
      </output>
      <label className={styles.speed}>
        <span>{t('speed', lang)}</span>
        <select
          value={speed}
          onChange={(e) => chooseSpeed(Number(e.currentTarget.value))}
          aria-label={`${t('speed', lang)} (${t('stepsPerSecond', lang)})`}
          data-testid="player-speed"
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
