'use client';
/**
 * The notification-mode comparison: one button runs every buffer, flags and
 * event-idx with the form's options, each followed by the bare JS ring in
 * the same mode; the table of results (CompareTable.tsx) loads on first use;
 * the sentence of what to notice is announced when the last run is in.
 */
import dynamic from 'next/dynamic';
import { htmlLang, langsOf, pt, pt1, pt1Fill } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Panel } from '../walkthrough/Panel';
import { Bi } from './Bi';
import styles from './Compare.module.css';
import { comparePlan } from './compare';
import { chooseVerdict, verdictSentence } from './compare-verdict';
import type { PlaygroundOptions } from './options';
import { PlaygroundRun, isBusy, useRunPhase } from './PlaygroundRun';
import pg from './Playground.module.css';
import type { CompareState } from './runMachine';

const CompareTable = dynamic(() => import('./CompareTable'), { ssr: false });

/** How many measurements are in (an engine run and a ring run per mode). */
function progress(c: CompareState): { done: number; of: number } {
  return { done: c.rows.reduce((n, r) => n + (r.engine ? 1 : 0) + (r.ring ? 1 : 0), 0), of: c.rows.length * 2 };
}

/** What a kick cost in these runs: a VM exit (exitNs), or only an eventfd signal. */
function exitSentence(compare: CompareState, lang: 'en' | 'zh'): string {
  const ns = Number(compare.plan[0]?.cfg.options.exitNs ?? 0);
  return ns > 0 ? pt1Fill('verdictExitCharged', lang, { ns: String(ns) }) : pt1('verdictExitFree', lang);
}

/** The sentence, once every run is in: one line per language shown, each tagged with its language. */
function Verdict({ compare }: { compare: CompareState }) {
  const mode = useExplainer((s) => s.lang);
  const v = chooseVerdict(compare.rows);
  return (
    <div className={styles.verdict} data-testid="compare-verdict" data-kind={v.kind}>
      <h3 className={styles.verdictTitle}>{pt('compareNotice', mode)}</h3>
      {langsOf(mode).map((l) => (
        <p key={l} lang={htmlLang(l)} data-testid={`compare-verdict-${l}`}>
          {verdictSentence(v, l)}
        </p>
      ))}
      {v.kind === 'incomplete'
        ? null
        : langsOf(mode).map((l) => (
            <p key={l} lang={htmlLang(l)} className={styles.verdictExit} data-testid={`compare-exit-${l}`}>
              {exitSentence(compare, l)}
            </p>
          ))}
    </div>
  );
}

export function ComparePanel({ options, canRun }: { options: PlaygroundOptions; canRun: boolean }) {
  const mode = useExplainer((s) => s.lang);
  const actor = PlaygroundRun.useActorRef();
  const phase = useRunPhase();
  const compare = PlaygroundRun.useSelector((s) => s.context.compare);
  const comparing = phase === 'comparing';
  const p = compare ? progress(compare) : null;
  const over = compare !== null && !comparing && compare.at === null;
  return (
    <Panel
      title={pt('compare', mode)}
      testId="compare"
      data-state={compare === null ? 'idle' : comparing ? 'running' : 'done'}
      aside={comparing && p ? `${pt('sweepRunning', mode)} ${Math.min(p.done + 1, p.of)} ${pt('sweepOf', mode)} ${p.of}` : undefined}
    >
      <p className={`${pg.note} ${pg.noteLines}`}>
        <Bi k="compareNote" mode={mode} />
      </p>
      <div className={styles.form}>
        <button
          type="button"
          className={pg.primaryButton}
          disabled={isBusy(phase) || !canRun}
          onClick={() => actor.send({ type: 'COMPARE', plan: comparePlan(options) })}
          data-testid="compare-run"
        >
          {pt('compareRun', mode)}
        </button>
        {comparing ? (
          <button type="button" className={pg.button} onClick={() => actor.send({ type: 'STOP' })} data-testid="compare-stop">
            {pt('compareStop', mode)}
          </button>
        ) : null}
      </div>
      {compare ? <CompareTable compare={compare} /> : null}
      <div aria-live="polite">{over ? <Verdict compare={compare} /> : null}</div>
    </Panel>
  );
}
