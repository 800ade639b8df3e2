'use client';
/**
 * The ring[] table shared by the avail and used rings: a pointer column
 * (whose idx points where), the slot index, the entry's fields, and the chain
 * chip parked in that slot. Each ring says what its entries hold.
 */
import { memo } from 'react';
import { t, type LangMode, type UiKey } from '../i18n/ui-text';
import { ChainChip } from './ChainChip';
import { ColumnHead } from './ColumnHead';
import type { Chip, Windowed } from './frame-view';
import { Markers, type Marker } from './Markers';
import styles from './Ring.module.css';

interface SlotProps {
  testId: string;
  dataName: string;
  i: number;
  cells: readonly number[];
  touched: boolean;
  chip: Chip | undefined;
  markers: readonly Marker[];
  dir: 'tx' | 'rx';
  lang: LangMode;
}

const sameNumbers = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, k) => x === b[k]);
const sameMarkers = (a: readonly Marker[], b: readonly Marker[]) =>
  a.length === b.length && a.every((m, k) => m.name === b[k]!.name && m.side === b[k]!.side && m.title === b[k]!.title);

/** A slot re-renders only when what it shows changed: every step builds new cell, marker and chip objects, mostly with the same values. */
function sameSlot(a: SlotProps, b: SlotProps): boolean {
  return (
    a.i === b.i &&
    a.testId === b.testId &&
    a.dataName === b.dataName &&
    a.touched === b.touched &&
    a.dir === b.dir &&
    a.lang === b.lang &&
    a.chip?.key === b.chip?.key &&
    a.chip?.head === b.chip?.head &&
    a.chip?.stage === b.chip?.stage &&
    a.chip?.pkt === b.chip?.pkt &&
    sameNumbers(a.cells, b.cells) &&
    sameMarkers(a.markers, b.markers)
  );
}

const Slot = memo(function Slot({
  testId,
  dataName,
  i,
  cells,
  touched,
  chip,
  markers,
  dir,
  lang,
}: SlotProps) {
  return (
    <tr className={styles.row} data-testid={testId} {...{ [`data-${dataName}`]: cells[0] }} data-touched={touched || undefined}>
      <td className={styles.pointers}>
        <Markers markers={markers} />
      </td>
      <th scope="row" className={styles.index}>
        {i}
      </th>
      {cells.map((c, k) => (
        <td key={k} className={styles.num}>
          {c}
        </td>
      ))}
      <td className={styles.chipCell}>
        {chip ? <ChainChip chainKey={chip.key} head={chip.head} pkt={chip.pkt} stage={chip.stage} dir={dir} lang={lang} /> : null}
      </td>
    </tr>
  );
}, sameSlot);

/** One ring's ring[] slots. `columns` name the entry's fields; `cells` gives their values (the first is also a data attribute). */
export function RingSlots<T extends { i: number }>({
  place,
  columns,
  rows,
  cells,
  touched,
  chipAt,
  markers,
  dir,
  lang,
}: {
  place: 'avail' | 'used';
  columns: readonly { name: string; note: UiKey }[];
  rows: Windowed<T>;
  cells: (row: T) => readonly number[];
  touched: ReadonlySet<number>;
  chipAt: ReadonlyMap<number, Chip>;
  markers: (i: number) => Marker[];
  dir: 'tx' | 'rx';
  lang: LangMode;
}) {
  return (
    <table className={styles.table}>
      <thead>
        <tr>
          <th scope="col" className={styles.pointers}>
            <span className="visually-hidden">{t('pointers', lang)}</span>
          </th>
          <ColumnHead name="ring[]" note={t('colSlot', lang)} />
          {columns.map((c) => (
            <ColumnHead key={c.name} name={c.name} note={t(c.note, lang)} />
          ))}
          <th scope="col" className={styles.chipCell}>
            <span className="visually-hidden">{t('chain', lang)}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) =>
          r.kind === 'gap' ? (
            <tr key={`gap-${r.from}`} className={styles.gap}>
              <td colSpan={columns.length + 3}>
                ⋯ {r.to - r.from + 1} {t('entriesHidden', lang)}
              </td>
            </tr>
          ) : (
            <Slot
              key={r.row.i}
              testId={`${place}-slot-${r.row.i}`}
              dataName={columns[0]!.name}
              i={r.row.i}
              cells={cells(r.row)}
              touched={touched.has(r.row.i)}
              chip={chipAt.get(r.row.i)}
              markers={markers(r.row.i)}
              dir={dir}
              lang={lang}
            />
          ),
        )}
      </tbody>
    </table>
  );
}
