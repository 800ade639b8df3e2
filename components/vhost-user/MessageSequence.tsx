'use client';
/**
 * The message-sequence diagram: a lifeline per party (guest driver, QEMU,
 * the unix socket, DPDK's events thread, the PMD), and one row per message
 * or event up to the step, each a small SVG strip so the lifelines run on
 * from row to row. A message is drawn to the socket when written and on to
 * the receiver when read; replies are dashed; a rejected one ends in a red
 * cross. The step's row is lit and scrolled into view; a message row is a
 * button that opens the message in the byte inspector. Rows are memoised:
 * a step re-renders only the rows whose stage or highlight changed.
 */
import { m } from 'framer-motion';
import { memo, useCallback, useEffect, useId, useRef } from 'react';
import { scrollFocus } from '../a11y/scroll-focus';
import type { Lang } from '@/content/types';
import { langsOf, t, type LangMode, type UiKey } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { useReducedMotion } from '../topology/use-reduced-motion';
import { Panel } from '../walkthrough/Panel';
import { rowLabel, rowText } from './row-labels';
import { messageStage, rowEnds, type LaneId, type SequenceRow } from './sequence-model';
import { useVuSelection } from './selection';
import { useSequenceAt, useSequenceModel } from './use-sequence';
import styles from './VhostUser.module.css';

/** Height of one row's strip, px: the label above, the arrow below. */
const ROW_H = 34;
const LABEL_Y = 13;
const ARROW_Y = 25;

type Stage = ReturnType<typeof messageStage> | 'shown';

/** Centre of a lane as a percentage of the strip's width (a lane the run lacks falls back to DPDK's). */
function laneX(lanes: readonly LaneId[], lane: LaneId): number {
  const i = lanes.indexOf(lane);
  const at = i >= 0 ? i : lanes.indexOf('dpdk');
  return ((at + 0.5) / lanes.length) * 100;
}

const pct = (x: number) => `${x}%`;

function Lifelines({ lanes }: { lanes: readonly LaneId[] }) {
  return (
    <>
      {lanes.map((lane) => (
        <line key={lane} className={styles.lifeline} data-lane={lane} x1={pct(laneX(lanes, lane))} x2={pct(laneX(lanes, lane))} y1={0} y2={ROW_H} />
      ))}
    </>
  );
}

/** The arrow of a row (or a mark on one lane), with its label. */
function RowDrawing({ row, lanes, stage, current, markerId, animate }: { row: SequenceRow; lanes: readonly LaneId[]; stage: Stage; current: boolean; markerId: string; animate: boolean }) {
  const ends = rowEnds(row);
  const x1 = laneX(lanes, ends.from);
  const full = laneX(lanes, ends.to);
  // A message on the wire has only reached the socket.
  const x2 = stage === 'in-flight' ? laneX(lanes, 'socket') : full;
  const text = rowText(row);
  const self = ends.from === ends.to;
  const last = lanes.indexOf(ends.from) === lanes.length - 1;
  const labelX = self ? (last ? x1 - 2 : x1 + 2) : (x1 + x2) / 2;
  const anchor = self ? (last ? 'end' : 'start') : 'middle';
  const dashed = row.kind === 'message' && row.reply;
  return (
    <>
      <text className={styles.rowText} x={pct(labelX)} y={LABEL_Y} textAnchor={anchor}>
        {text}
      </text>
      {self ? (
        <circle className={styles.mark} cx={pct(x1)} cy={ARROW_Y} r={4} />
      ) : (
        <m.line
          key={`${stage}-${current ? 1 : 0}`}
          className={styles.arrow}
          data-dashed={dashed || undefined}
          x1={pct(x1)}
          x2={pct(x2)}
          y1={ARROW_Y}
          y2={ARROW_Y}
          markerEnd={`url(#${markerId})`}
          initial={animate ? (dashed ? { opacity: 0 } : { pathLength: 0 }) : false}
          animate={dashed ? { opacity: 1 } : { pathLength: 1 }}
          transition={{ duration: 0.35, ease: 'easeOut' }}
        />
      )}
      {stage === 'rejected' ? (
        <g className={styles.cross} transform={`translate(0 ${ARROW_Y})`}>
          <svg x={pct(full)} overflow="visible">
            <path d="M-6 -6 L6 6 M6 -6 L-6 6" />
          </svg>
        </g>
      ) : null}
    </>
  );
}

interface RowProps {
  row: SequenceRow;
  /** The step on screen, for what the label says (whether the fds were read yet); only passed when it changes the label. */
  labelStep: number;
  lanes: readonly LaneId[];
  stage: Stage;
  current: boolean;
  selected: boolean;
  lang: LangMode;
  markerId: string;
  animate: boolean;
  onPick: (msg: number) => void;
}

const labelIn = (row: SequenceRow, mode: LangMode, step: number) => langsOf(mode).map((l: Lang) => rowLabel(row, l, step)).join(' / ');

const Row = memo(function Row({ row, labelStep, lanes, stage, current, selected, lang, markerId, animate, onPick }: RowProps) {
  const strip = (
    <svg className={styles.strip} height={ROW_H} width="100%" aria-hidden="true" focusable="false">
      <Lifelines lanes={lanes} />
      <RowDrawing row={row} lanes={lanes} stage={stage} current={current} markerId={markerId} animate={animate && current} />
    </svg>
  );
  const data = {
    'data-testid': 'vu-row',
    'data-index': row.index,
    'data-kind': row.kind,
    'data-stage': stage,
    'data-current': current || undefined,
  };
  if (row.kind !== 'message') {
    return (
      <li className={styles.row} {...data} data-side={row.kind === 'socket' ? row.side : undefined} data-op={row.kind === 'socket' || row.kind === 'app' ? row.op : undefined}>
        <span className={styles.rowNo} aria-hidden="true" />
        {strip}
        <span className={styles.srOnly}>{labelIn(row, lang, labelStep)}</span>
      </li>
    );
  }
  return (
    <li
      className={styles.row}
      {...data}
      data-msg={row.msg}
      data-request={row.name}
      data-reply={row.reply || undefined}
      data-fault={row.fault ?? undefined}
      data-selected={selected || undefined}
    >
      <button type="button" className={styles.rowButton} aria-pressed={selected} aria-label={labelIn(row, lang, labelStep)} onClick={() => onPick(row.msg)} data-testid={`vu-msg-${row.msg}`}>
        <span className={styles.rowNo} aria-hidden="true">
          {row.msg}
        </span>
        {strip}
      </button>
    </li>
  );
});

/**
 * The step a row's label is worded for: only the read and the rejection change what a message row says, so
 * every step between them maps to the same number and the memoised row does not re-render.
 */
function labelStepOf(row: SequenceRow, step: number): number {
  if (row.kind !== 'message') return 0;
  return Math.max(row.step, ...[row.recvStep, row.rejected?.step].filter((s): s is number => s !== null && s !== undefined && s <= step));
}

/** The message-sequence panel. */
export function MessageSequence() {
  const lang = useExplainer((s) => s.lang);
  const step = useExplainer((s) => s.frame?.step ?? 0);
  const model = useSequenceModel();
  const at = useSequenceAt();
  const { pinned, pin } = useVuSelection();
  const reduced = useReducedMotion();
  const markerId = useId().replace(/:/g, '');
  const scroller = useRef<HTMLDivElement | null>(null);
  // The box is a tab stop while it scrolls (scrollFocus), and the scroll-into-view below needs it too.
  const boxRef = useCallback((el: HTMLDivElement | null) => {
    scroller.current = el;
    return scrollFocus(el);
  }, []);
  const target = at ? (at.current >= 0 ? at.current : at.visible - 1) : -1;

  // Keep the step's row (or the newest) in view, scrolling only the diagram's own box.
  useEffect(() => {
    const box = scroller.current;
    if (!box || target < 0) return;
    const li = box.querySelector<HTMLElement>(`li[data-index="${target}"]`);
    if (!li) return;
    const top = li.offsetTop;
    const head = box.querySelector<HTMLElement>('[data-lane-heads]')?.offsetHeight ?? 0;
    if (top >= box.scrollTop + head && top + li.offsetHeight <= box.scrollTop + box.clientHeight) return;
    box.scrollTo({ top: Math.max(0, top - box.clientHeight / 2), behavior: reduced ? 'auto' : 'smooth' });
  }, [target, reduced]);

  const rows = model && at ? model.rows.slice(0, at.visible) : [];
  return (
    <Panel title={t('vuSequence', lang)} testId="vu-sequence" data-step={step} data-current-row={target >= 0 ? target : undefined} data-rows={rows.length}>
      <p className={styles.lead}>{t('vuSequenceLead', lang)}</p>
      <svg width="0" height="0" className={styles.defs} aria-hidden="true" focusable="false">
        <defs>
          <marker id={markerId} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0 L10 5 L0 10 z" className={styles.arrowHead} />
          </marker>
        </defs>
      </svg>
      <div className={styles.sequence} ref={boxRef} role="group" aria-label={t('vuSequence', lang)}>
        {model ? (
          <div className={styles.laneHeads} data-lane-heads style={{ gridTemplateColumns: `repeat(${model.lanes.length}, minmax(0, 1fr))` }} aria-hidden="true">
            {model.lanes.map((lane) => (
              <span key={lane} data-lane={lane}>
                {t(`lane_${lane}` as UiKey, lang)}
              </span>
            ))}
          </div>
        ) : null}
        {rows.length === 0 ? (
          <p className={styles.note}>{model ? t('vuNoRows', lang) : t('loading', lang)}</p>
        ) : (
          <ol className={styles.rows} aria-label={t('vuSequence', lang)}>
            {rows.map((row) => (
              <Row
                key={row.index}
                row={row}
                labelStep={labelStepOf(row, step)}
                lanes={model!.lanes}
                stage={row.kind === 'message' ? messageStage(row, step) : 'shown'}
                current={row.index === at?.current}
                selected={row.kind === 'message' && row.msg === pinned}
                lang={lang}
                markerId={markerId}
                animate={!reduced}
                onPick={pin}
              />
            ))}
          </ol>
        )}
      </div>
    </Panel>
  );
}
