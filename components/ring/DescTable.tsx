'use client';
/** The descriptor table (or an indirect table): index, addr, len, flags, next, and the chain chip at its head. */
import { memo, useMemo } from 'react';
import { VRING_DESC_F_NEXT, descFlagNames } from '@/engine/abi/virtio-ring';
import { hex } from '../format';
import { t, type LangMode } from '../i18n/ui-text';
import { ChainChip } from './ChainChip';
import { ColumnHead } from './ColumnHead';
import type { Chip, DescRow, Windowed } from './frame-view';
import { Markers, type Marker } from './Markers';
import styles from './Ring.module.css';

const NONE: readonly Marker[] = [];

interface RowProps {
  row: DescRow;
  touched: boolean;
  error: boolean;
  chip: Chip | undefined;
  freeHead: boolean;
  dir: 'tx' | 'rx';
  lang: LangMode;
  testPrefix: string;
}

const Row = memo(
  function Row({ row, touched, error, chip, freeHead, dir, lang, testPrefix }: RowProps) {
    const chained = (row.flags & VRING_DESC_F_NEXT) !== 0;
    return (
      <tr
        className={styles.row}
        data-testid={`${testPrefix}-${row.i}`}
        data-addr={hex(row.addr)}
        data-touched={touched || undefined}
        data-error={(touched && error) || undefined}
      >
        <td className={styles.pointers}>
          <Markers markers={freeHead ? [{ name: 'free_head', side: 'guest', title: t('markFreeHead', lang) }] : NONE} />
        </td>
        <th scope="row" className={styles.index}>
          {row.i}
        </th>
        <td className={styles.mono}>{hex(row.addr)}</td>
        <td className={styles.num}>{row.len}</td>
        <td className={styles.flags}>{descFlagNames(row.flags)}</td>
        <td className={styles.num} data-dim={!chained || undefined}>
          {row.next}
        </td>
        <td className={styles.chipCell}>
          {chip ? <ChainChip chainKey={chip.key} head={chip.head} pkt={chip.pkt} stage={chip.stage} dir={dir} lang={lang} /> : null}
        </td>
      </tr>
    );
  },
  (a, b) =>
    a.row.i === b.row.i &&
    a.row.addr === b.row.addr &&
    a.row.len === b.row.len &&
    a.row.flags === b.row.flags &&
    a.row.next === b.row.next &&
    a.touched === b.touched &&
    a.error === b.error &&
    a.freeHead === b.freeHead &&
    a.dir === b.dir &&
    a.lang === b.lang &&
    a.chip?.key === b.chip?.key &&
    a.chip?.stage === b.chip?.stage &&
    a.chip?.pkt === b.chip?.pkt,
);

/** A table of descriptors. */
export function DescTable({
  rows,
  touched,
  error,
  chips,
  freeHead,
  dir,
  lang,
  testPrefix,
  caption,
}: {
  rows: Windowed<DescRow>;
  touched: readonly number[];
  error: boolean;
  chips: readonly Chip[];
  freeHead: number | null;
  dir: 'tx' | 'rx';
  lang: LangMode;
  testPrefix: string;
  caption: string;
}) {
  const touchedSet = useMemo(() => new Set(touched), [touched]);
  const chipAt = useMemo(() => new Map(chips.map((c) => [c.index, c])), [chips]);
  return (
    <table className={styles.table}>
      <caption className={styles.caption}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className={styles.pointers}>
            <span className="visually-hidden">{t('pointers', lang)}</span>
          </th>
          <ColumnHead name="#" note={t('colIndex', lang)} />
          <ColumnHead name="addr" note={t('colAddr', lang)} />
          <ColumnHead name="len" note={t('colLen', lang)} />
          <ColumnHead name="flags" note={t('colFlags', lang)} />
          <ColumnHead name="next" note={t('colNext', lang)} />
          <th scope="col" className={styles.chipCell}>
            <span className="visually-hidden">{t('chain', lang)}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) =>
          r.kind === 'gap' ? (
            <tr key={`gap-${r.from}`} className={styles.gap}>
              <td colSpan={7}>
                ⋯ {r.from}–{r.to}: {r.to - r.from + 1} {t('entriesHidden', lang)}
              </td>
            </tr>
          ) : (
            <Row
              key={r.row.i}
              row={r.row}
              touched={touchedSet.has(r.row.i)}
              error={error}
              chip={chipAt.get(r.row.i)}
              freeHead={freeHead === r.row.i}
              dir={dir}
              lang={lang}
              testPrefix={testPrefix}
            />
          ),
        )}
      </tbody>
    </table>
  );
}
