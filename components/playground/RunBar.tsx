'use client';
/**
 * Run / Pause / Resume / Stop, the run's phase, "Continue in step mode" once
 * paused, and the verification line when every worker has reported.
 */
import type { FreeRunConfig } from '@/engine/freerun/run';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { count, seconds, si } from './format';
import { PlaygroundRun, isBusy, useRunPhase } from './PlaygroundRun';
import styles from './Playground.module.css';
import { framesPerSec } from './runMachine';
import { useStepMode } from './StepMode';
import { pt, type PlaygroundKey } from '../i18n/ui-text';

type IconName = 'run' | 'pause' | 'resume' | 'stop' | 'step';

const PATHS: Record<IconName, string> = {
  run: 'M5 3v10l8-5z',
  resume: 'M5 3v10l8-5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  stop: 'M4 4h8v8H4z',
  step: 'M3 3v10l6.5-5zM10 3h2v10h-2z',
};

function Icon({ name }: { name: IconName }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}

/** The outcome of the last run, in one line. */
function VerifyLine() {
  const mode = useExplainer((s) => s.lang);
  const outcome = PlaygroundRun.useSelector((s) => s.context.outcome);
  if (!outcome) return null;
  if (outcome.kind === 'failed')
    return (
      <p className={styles.verify} data-testid="verify" data-ok="false" role="alert">
        <span className={styles.verifyMark} aria-hidden="true">
          ✗
        </span>
        {pt('error', mode)}: {outcome.message}
      </p>
    );
  if (outcome.kind === 'stopped')
    return (
      <p className={styles.verify} data-testid="verify" data-ok="stopped">
        <span className={styles.verifyMark} aria-hidden="true">
          ■
        </span>
        {pt('stoppedAt', mode)} {count(outcome.frames)} / {count(outcome.of)} {pt('framesDone', mode)} — {pt('notVerified', mode)}
      </p>
    );
  const fps = framesPerSec(outcome);
  return (
    <p className={styles.verify} data-testid="verify" data-ok={String(outcome.ok)}>
      <span className={styles.verifyMark} aria-hidden="true">
        {outcome.ok ? '✓' : '✗'}
      </span>
      <span className={styles.verifyLabel}>{pt('verify', mode)}:</span> <span data-testid="verify-message">{outcome.message}</span>
      <span className={styles.verifyAside}>
        {seconds(outcome.ms)}
        {fps !== null ? ` · ${pt('average', mode)} ${si(fps)} ${pt('framesPerSec', mode)}` : ''}
      </span>
    </p>
  );
}

/** The run controls. `cfg` is what Run starts (null while the form is invalid). */
export function RunBar({ cfg }: { cfg: FreeRunConfig | null }) {
  const mode = useExplainer((s) => s.lang);
  const phase = useRunPhase();
  const actor = PlaygroundRun.useActorRef();
  const step = useStepMode();
  const busy = isBusy(phase);
  const buttons: Array<{ name: IconName; label: PlaygroundKey; enabled: boolean; primary?: boolean; onClick(): void }> = [
    { name: 'run', label: 'run', enabled: !busy && cfg !== null, primary: true, onClick: () => cfg && actor.send({ type: 'RUN', cfg }) },
    { name: 'pause', label: 'pause', enabled: phase === 'running', onClick: () => actor.send({ type: 'PAUSE' }) },
    { name: 'resume', label: 'resume', enabled: phase === 'paused' || phase === 'pausing', onClick: () => actor.send({ type: 'RESUME' }) },
    { name: 'stop', label: 'stop', enabled: busy && phase !== 'stopping', onClick: () => actor.send({ type: 'STOP' }) },
  ];
  const continueStep = () => {
    step.continueInStepMode();
    const title = document.getElementById('step-mode-title');
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    title?.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
    title?.focus({ preventScroll: true });
  };
  return (
    <div className={styles.runBar} role="group" aria-label={pt('controls', mode)} data-testid="run-bar">
      <div className={styles.runButtons}>
        {buttons.map((b) => (
          <button
            key={b.name}
            type="button"
            className={b.primary ? styles.primaryButton : styles.button}
            disabled={!b.enabled}
            aria-label={pt(b.label, mode)}
            onClick={b.onClick}
            data-testid={b.name}
          >
            <Icon name={b.name} />
            <span>{pt(b.label, mode)}</span>
          </button>
        ))}
        <button
          type="button"
          className={styles.button}
          disabled={!step.canContinue}
          aria-label={pt('stepMode', mode)}
          title={step.canContinue ? pt('stepModeNote', mode) : pt('stepModeNeedsPause', mode)}
          onClick={continueStep}
          data-testid="continue-step"
        >
          <Icon name="step" />
          <span>{pt('stepMode', mode)}</span>
        </button>
        <span className={styles.phase} role="status" data-testid="run-state" data-state={phase}>
          <span className={styles.phaseDot} data-phase={phase} aria-hidden="true" />
          {pt(`state_${phase}`, mode)}
        </span>
      </div>
      <div aria-live="polite">
        <VerifyLine />
      </div>
    </div>
  );
}
