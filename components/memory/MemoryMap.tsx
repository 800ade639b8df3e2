'use client';
/**
 * Guest RAM as QEMU maps it: each region's guest-physical range and the HVA
 * QEMU (and so vhost's memory table) maps it at, the guest's labelled
 * allocations on a strip, the ranges this beat touched, and their first bytes.
 */
import { useMemo } from 'react';
import type { GuestAlloc, MemRegion } from '@/engine/mem/guest-memory';
import { hex, hexByte, size } from '../format';
import { allocLabel, rangeLabel } from '@/content/labels';
import { scrollFocus } from '../a11y/scroll-focus';
import { inMode, t, type LangMode } from '../i18n/ui-text';
import type { GpaRange } from '../ring/touched';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { vqFrame } from '../store/kind-selectors';
import { Panel } from '../walkthrough/Panel';
import styles from './MemoryMap.module.css';

const overlaps = (a: { gpa: number; size: number }, r: GpaRange) => r.len > 0 && r.gpa < a.gpa + a.size && a.gpa < r.gpa + r.len;

/**
 * The region drawn to scale, from its start to the end of the last
 * allocation (the walkthrough uses the first few KiB of a bigger region;
 * drawing all of it would shrink the allocations to slivers).
 */
function Strip({ region, allocs, ranges, lang }: { region: MemRegion; allocs: readonly GuestAlloc[]; ranges: readonly GpaRange[]; lang: LangMode }) {
  const used = Math.max(0, ...allocs.map((a) => a.gpa + a.size - region.gpa));
  const span = Math.min(region.size, Math.max(256, Math.ceil(used / 256) * 256));
  const pct = (gpa: number) => Math.max(0, Math.min(100, ((gpa - region.gpa) / span) * 100));
  const width = (gpa: number, len: number) => pct(gpa + len) - pct(gpa);
  return (
    <div className={styles.stripBox}>
      <div className={styles.strip} aria-hidden="true">
        {allocs.map((a, i) => (
          <span key={i} className={styles.seg} data-kind={a.kind} style={{ left: `${pct(a.gpa)}%`, width: `max(${width(a.gpa, a.size)}%, 2px)` }} />
        ))}
        {ranges.map((r, i) => (
          <span key={`r${i}`} className={styles.hit} style={{ left: `${pct(r.gpa)}%`, width: `max(${width(r.gpa, r.len)}%, 3px)` }} />
        ))}
      </div>
      <div className={styles.scale}>
        <code>{hex(region.gpa)}</code>
        <code>
          {hex(region.gpa + span)}
          {span < region.size ? ` (+${size(region.size - span)} ${t('free', lang)})` : ''}
        </code>
      </div>
    </div>
  );
}

function HexDumpView() {
  const lang = useExplainer((s) => s.lang);
  const dump = useExplainer((s) => vqFrame(s)?.hexdump ?? null);
  const lines = useMemo(() => {
    if (!dump) return [];
    const out: string[] = [];
    for (let o = 0; o < dump.bytes.length; o += 16) {
      const chunk = dump.bytes.slice(o, o + 16);
      const ascii = chunk.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
      out.push(`${hex(dump.gpa + o).padEnd(12)} ${chunk.map(hexByte).join(' ').padEnd(47)}  ${ascii}`);
    }
    return out;
  }, [dump]);
  if (!dump) return null;
  return (
    <div className={styles.dump} data-testid="hexdump">
      <div className={styles.dumpTitle}>
        {t('touchedBytes', lang)}: <code>{inMode(lang, (l) => rangeLabel(dump.label, l))}</code> ({dump.bytes.length} {t('bytesShown', lang)} {dump.total})
      </div>
      <pre ref={scrollFocus} role="group" aria-label={`${t('touchedBytes', lang)}: ${inMode(lang, (l) => rangeLabel(dump.label, l))}`}>
        {lines.join('\n')}
      </pre>
    </div>
  );
}

export function MemoryMap() {
  const lang = useExplainer((s) => s.lang);
  const info = useExplainer((s) => s.info);
  const ranges = useExplainer((s) => vqFrame(s)?.ranges);
  if (!info) return null;
  const hits = ranges ?? [];
  return (
    <Panel title={t('memory', lang)} aside={<code>{size(info.arenaSize)} {t('arena', lang)}</code>} testId="memory" anchor="memory">
      {info.regions.map((r) => (
        <div key={r.gpa} className={styles.region}>
          <div className={styles.regionHead}>
            {/* QEMU's name for the memory region (an alias of pc.ram), as `info mtree` prints it. */}
            <code className={styles.regionName}>{r.name}</code>
            <code>
              GPA {hex(r.gpa)}–{hex(r.gpa + r.size - 1)}
            </code>
            <span className={styles.arrow}>→</span>
            <code>QEMU HVA {hex(r.hva)}</code>
            <span className={styles.size}>{size(r.size)}</span>
          </div>
          <Strip region={r} allocs={info.allocs.filter((a) => a.gpa >= r.gpa && a.gpa < r.gpa + r.size)} ranges={hits} lang={lang} />
        </div>
      ))}
      <table className={styles.allocs}>
        <thead>
          <tr>
            <th scope="col">GPA</th>
            <th scope="col">HVA</th>
            <th scope="col" className={styles.right}>
              {t('size', lang)}
            </th>
            <th scope="col">{t('allocation', lang)}</th>
          </tr>
        </thead>
        <tbody>
          {info.allocs.map((a, i) => {
            const region = info.regions.find((r) => a.gpa >= r.gpa && a.gpa < r.gpa + r.size);
            const touched = hits.some((h) => overlaps(a, h));
            return (
              <tr key={i} data-testid={`alloc-${i}`} data-touched={touched || undefined} className={styles.alloc}>
                <td className={styles.mono}>{hex(a.gpa)}</td>
                <td className={styles.mono}>{region ? hex(region.hva + (a.gpa - region.gpa)) : '—'}</td>
                <td className={`${styles.mono} ${styles.right}`}>{size(a.size)}</td>
                <td>
                  <span className={styles.kind} data-kind={a.kind} aria-hidden="true" />
                  {inMode(lang, (l) => allocLabel(a, l))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <HexDumpView />
    </Panel>
  );
}
