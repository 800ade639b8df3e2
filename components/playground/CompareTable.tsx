'use client';
/**
 * The comparison's results, the modes side by side as columns of a real
 * table (screen readers read it cell by cell): frames/s of the engine and of
 * the bare ring, each with a bar scaled to its own row's fastest mode (the
 * ring is many times faster, so one scale would flatten the engine's row),
 * the engine's share of the ring, and kicks and calls per frame.
 */
import { m } from 'framer-motion';
import type { ReactNode } from 'react';
import { pt, type PlaygroundKey } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Bi } from './Bi';
import styles from './Compare.module.css';
import { perFrame, type CompareRow, type Measured } from './compare';
import { ratio, si } from './format';
import type { Suppression } from './options';
import type { CompareState } from './runMachine';

const MODE_KEY: Record<Suppression, PlaygroundKey> = { every: 'supEvery', flags: 'supFlags', 'event-idx': 'supEventIdx' };

type Part = 'engine' | 'ring';

/** A cell while its run is waiting, being measured, or failed; null when there is a verified result. */
function Pending({ m: measured, measuring }: { m: Measured | null; measuring: boolean }): ReactNode {
  const mode = useExplainer((s) => s.lang);
  if (measured === null)
    return <span className={measuring ? styles.measuring : styles.waiting}>{pt(measuring ? 'compareMeasuring' : 'compareWaiting', mode)}</span>;
  if (!measured.ok)
    return (
      <span className={styles.failed} title={measured.message}>
        {pt('compareNotVerified', mode)}
      </span>
    );
  return null;
}

function RateCell({ row, part, max, measuring }: { row: CompareRow; part: Part; max: number; measuring: boolean }) {
  const measured = row[part];
  const r = perFrame(measured);
  const fps = r.framesPerSec;
  return (
    <td
      className={styles.rate}
      data-testid={`compare-${part}-${row.mode}`}
      data-ok={measured ? String(measured.ok) : ''}
      data-fps={fps ?? ''}
      data-frames={measured?.frames ?? ''}
      data-kicks-per-frame={r.kicksPerFrame ?? ''}
      data-calls-per-frame={r.callsPerFrame ?? ''}
    >
      <Pending m={measured} measuring={measuring} />
      {fps !== null ? (
        <>
          <span className={styles.value}>{si(fps)}</span>
          <span className={styles.track} aria-hidden="true">
            <m.span
              className={part === 'engine' ? styles.fill : styles.refFill}
              style={{ originX: 0 }}
              initial={{ scaleX: 0 }}
              animate={{ scaleX: max > 0 ? fps / max : 0 }}
              transition={{ duration: 0.4, ease: 'easeOut' }}
            />
          </span>
        </>
      ) : null}
    </td>
  );
}

/** Kicks or calls per frame of the engine, with the bare ring's beneath. */
function PerFrameCell({ row, what }: { row: CompareRow; what: 'kicksPerFrame' | 'callsPerFrame' }) {
  const mode = useExplainer((s) => s.lang);
  const e = perFrame(row.engine)[what];
  const r = perFrame(row.ring)[what];
  return (
    <td className={styles.num} data-testid={`compare-${what}-${row.mode}`}>
      <span className={styles.value}>{ratio(e)}</span>
      <span className={styles.sub}>
        {pt('compareRing', mode)} {ratio(r)}
      </span>
    </td>
  );
}

function RowHead({ title, unit }: { title: PlaygroundKey; unit?: PlaygroundKey }) {
  const mode = useExplainer((s) => s.lang);
  return (
    <th scope="row" className={styles.rowHead}>
      {pt(title, mode)}
      {unit ? <span className={styles.sub}>{pt(unit, mode)}</span> : null}
    </th>
  );
}

export default function CompareTable({ compare }: { compare: CompareState }) {
  const mode = useExplainer((s) => s.lang);
  const rows = compare.rows;
  const max = (part: Part) => Math.max(0, ...rows.map((r) => perFrame(r[part]).framesPerSec ?? 0));
  const measuring = (row: CompareRow, part: Part) => compare.at?.mode === row.mode && compare.at.part === part;
  return (
    <figure className={styles.figure}>
      <div className={styles.scroll}>
        <table className={styles.table} data-testid="compare-table">
          <caption className={styles.caption}>{pt('compareTable', mode)}</caption>
          <thead>
            <tr>
              <td />
              {rows.map((r) => (
                <th key={r.mode} scope="col" className={styles.colHead}>
                  {pt(MODE_KEY[r.mode], mode)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <RowHead title="compareEngine" unit="framesPerSec" />
              {rows.map((r) => (
                <RateCell key={r.mode} row={r} part="engine" max={max('engine')} measuring={measuring(r, 'engine')} />
              ))}
            </tr>
            <tr className={styles.refRow}>
              <RowHead title="compareRing" unit="framesPerSec" />
              {rows.map((r) => (
                <RateCell key={r.mode} row={r} part="ring" max={max('ring')} measuring={measuring(r, 'ring')} />
              ))}
            </tr>
            <tr>
              <RowHead title="compareShare" unit="compareShareNote" />
              {rows.map((r) => {
                const e = perFrame(r.engine).framesPerSec;
                const g = perFrame(r.ring).framesPerSec;
                return (
                  <td key={r.mode} className={styles.num} data-testid={`compare-share-${r.mode}`}>
                    {e !== null && g ? `${ratio(e / g)}×` : '–'}
                  </td>
                );
              })}
            </tr>
            <tr>
              <RowHead title="kicksPerFrame" />
              {rows.map((r) => (
                <PerFrameCell key={r.mode} row={r} what="kicksPerFrame" />
              ))}
            </tr>
            <tr>
              <RowHead title="callsPerFrame" />
              {rows.map((r) => (
                <PerFrameCell key={r.mode} row={r} what="callsPerFrame" />
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <figcaption className={`${styles.note} ${styles.noteLines}`}>
        <Bi k="compareRingNote" mode={mode} />
      </figcaption>
    </figure>
  );
}
