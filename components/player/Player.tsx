'use client';
/**
 * The player bar: the registered commands as buttons, a speed select, a
 * scrubber over every step, and "step N / M". Keys (← → Space Home End) work
 * while focus is anywhere inside the bar; they run the same commands.
 */
import { shallowEqual } from '@xstate/react';
import type { KeyboardEvent } from 'react';
import { t } from '../i18n/ui-text';
import { SPEEDS } from '../store/prefs-slice';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { PLAYER_COMMANDS, commandForKey, type PlayerView } from './commands';
import { Icon } from './icons';
import { PlayerContext } from './PlayerContext';
import styles from './Player.module.css';

/** Keys that belong to a focused form control and must not be taken over. */
function ownsKeys(target: EventTarget): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && target.type !== 'range';
}

/** The player controls. */
export function Player() {
  const actor = PlayerContext.useActorRef();
  const view: PlayerView = PlayerContext.useSelector(
    (s) => ({
      step: s.context.step,
      total: s.context.total,
      playing: s.matches('playing'),
      atEnd: s.matches('at end'),
      ready: !s.matches('loading'),
    }),
    shallowEqual,
  );
  const state = PlayerContext.useSelector((s) => String(s.value));
  const shown = useExplainer((s) => s.frame?.step ?? 0);
  const total = useExplainer((s) => s.trace.length);
  const lang = useExplainer((s) => s.lang);
  const speed = useExplainer((s) => s.speed);
  const chooseSpeed = useExplainer((s) => s.chooseSpeed);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (ownsKeys(e.target)) return;
    const command = commandForKey(e);
    if (!command) return;
    e.preventDefault(); // no page scroll, no range-input nudge, no button click on Space
    if (command.predicate(view)) actor.send(command.perform(view));
  };
  // A Space keyup on a focused button would click it: the keydown already ran the command.
  const onKeyUp = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === ' ' && !ownsKeys(e.target)) e.preventDefault();
  };

  const label = t('player', lang);
  return (
    <section
      className={styles.player}
      role="region"
      aria-label={label}
      aria-keyshortcuts="ArrowLeft ArrowRight Space Home End"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onKeyUp={onKeyUp}
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
        type="range"
        className={styles.scrubber}
        min={0}
        max={Math.max(view.total, 0)}
        step={1}
        value={view.step}
        disabled={!view.ready}
        aria-label={t('scrubber', lang)}
        aria-valuetext={`${t('step', 'en')} ${view.step} / ${view.total}`}
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
