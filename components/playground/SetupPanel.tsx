'use client';
/**
 * The form: which back-end (one today, two listed as coming) and the run's
 * options. Native radios, selects and checkboxes, so the keyboard and screen
 * readers work as everywhere; locked while a run is under way.
 */
import { KVM_DOORBELL_EXIT_NS } from '@/engine/kvm/exit-cost';
import { pt, type LangMode, type PlaygroundKey } from '../i18n/ui-text';
import { Bi } from './Bi';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Panel } from '../walkthrough/Panel';
import { BACKENDS, BATCHES, FRAME_SIZES, QSIZES, SUPPRESSIONS, parseFrames, type BackendId, type PlaygroundOptions, type Suppression } from './options';
import styles from './Playground.module.css';

const BACKEND_TEXT: Record<BackendId, { name: PlaygroundKey; note: PlaygroundKey }> = {
  'vhost-net': { name: 'backendVhostNet', note: 'backendVhostNetNote' },
  dpdk: { name: 'backendDpdk', note: 'backendDpdkNote' },
  ifcvf: { name: 'backendIfcvf', note: 'backendIfcvfNote' },
};

const SUPPRESSION_TEXT: Record<Suppression, { name: PlaygroundKey; note: PlaygroundKey }> = {
  'event-idx': { name: 'supEventIdx', note: 'supEventIdxNote' },
  flags: { name: 'supFlags', note: 'supFlagsNote' },
  every: { name: 'supEvery', note: 'supEveryNote' },
};

/** A select over numbers. */
function NumberSelect({
  id,
  label,
  value,
  values,
  onChange,
  mode,
  note,
  disabled,
  unit,
}: {
  id: string;
  label: PlaygroundKey;
  value: number;
  values: readonly number[];
  onChange(v: number): void;
  mode: LangMode;
  note?: string;
  disabled?: boolean;
  unit?: string;
}) {
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{pt(label, mode)}</label>
      <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))} disabled={disabled} data-testid={id}>
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
            {unit ? ` ${unit}` : ''}
          </option>
        ))}
      </select>
      {note ? <span className={styles.fieldNote}>{note}</span> : null}
    </div>
  );
}

/** The set-up form. `framesText` is what the reader typed (validated here and by the Run button). */
export function SetupPanel({
  options,
  onChange,
  framesText,
  onFramesText,
  locked,
}: {
  options: PlaygroundOptions;
  onChange(o: PlaygroundOptions): void;
  framesText: string;
  onFramesText(s: string): void;
  locked: boolean;
}) {
  const mode = useExplainer((s) => s.lang);
  const set = <K extends keyof PlaygroundOptions>(k: K, v: PlaygroundOptions[K]) => onChange({ ...options, [k]: v });
  const framesBad = parseFrames(framesText) === null;
  return (
    <Panel title={pt('setup', mode)} testId="setup">
      <fieldset className={styles.form} disabled={locked}>
        <fieldset className={styles.group}>
          <legend className={styles.legend}>{pt('backend', mode)}</legend>
          <div className={styles.backends}>
            {BACKENDS.map((b) => (
              <label key={b.id} className={styles.backend} data-ready={b.ready || undefined} data-checked={options.backend === b.id || undefined}>
                <input
                  type="radio"
                  name="backend"
                  value={b.id}
                  checked={options.backend === b.id}
                  disabled={!b.ready}
                  onChange={() => set('backend', b.id)}
                  data-testid={`backend-${b.id}`}
                />
                <span className={styles.backendText}>
                  <span className={styles.backendName}>
                    {pt(BACKEND_TEXT[b.id].name, mode)}
                    {b.ready ? null : <span className={styles.badge}>{pt('coming', mode)}</span>}
                  </span>
                  <Bi k={BACKEND_TEXT[b.id].note} mode={mode} className={styles.backendNote} />
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset className={styles.group}>
          <legend className={styles.legend}>{pt('direction', mode)}</legend>
          <div className={styles.pair}>
            {(['tx', 'rx'] as const).map((d) => (
              <label key={d} className={styles.choice} data-checked={options.dir === d || undefined}>
                <input type="radio" name="dir" value={d} checked={options.dir === d} onChange={() => set('dir', d)} data-testid={`dir-${d}`} />
                <span>
                  <span className={styles.choiceName}>{d.toUpperCase()}</span>
                  <Bi k={d === 'tx' ? 'dirTx' : 'dirRx'} mode={mode} className={styles.choiceNote} />
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <div className={styles.fieldGrid}>
          <NumberSelect id="qsize" label="qsize" value={options.qsize} values={QSIZES} onChange={(v) => set('qsize', v)} mode={mode} />
          <NumberSelect
            id="batch"
            label="batch"
            value={options.batch}
            values={BATCHES}
            onChange={(v) => set('batch', v)}
            mode={mode}
            disabled={options.dir !== 'tx'}
            note={options.dir !== 'tx' ? pt('batchRxNote', mode) : undefined}
          />
          <NumberSelect id="size" label="frameSize" value={options.size} values={FRAME_SIZES} onChange={(v) => set('size', v)} mode={mode} unit="B" />
          <div className={styles.field} data-error={framesBad || undefined}>
            <label htmlFor="frames">{pt('frames', mode)}</label>
            <input
              id="frames"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              value={framesText}
              onChange={(e) => onFramesText(e.target.value)}
              aria-invalid={framesBad}
              aria-describedby="frames-note"
              data-testid="frames"
            />
            <span id="frames-note" className={styles.fieldNote}>
              {pt('framesNote', mode)}
            </span>
          </div>
        </div>

        <fieldset className={styles.group}>
          <legend className={styles.legend}>{pt('suppression', mode)}</legend>
          <div className={styles.choices}>
            {SUPPRESSIONS.map((s) => (
              <label key={s} className={styles.choice} data-checked={options.suppression === s || undefined}>
                <input type="radio" name="suppression" value={s} checked={options.suppression === s} onChange={() => set('suppression', s)} data-testid={`sup-${s}`} />
                <span>
                  <span className={styles.choiceName}>{pt(SUPPRESSION_TEXT[s].name, mode)}</span>
                  <Bi k={SUPPRESSION_TEXT[s].note} mode={mode} className={styles.choiceNote} />
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <div className={styles.checks}>
          <label className={styles.choice}>
            <input type="checkbox" checked={options.busyloop} onChange={(e) => set('busyloop', e.target.checked)} data-testid="busyloop" />
            <span>
              <span className={styles.choiceName}>{pt('busyloop', mode)}</span>
              <Bi k="busyloopNote" mode={mode} className={styles.choiceNote} />
            </span>
          </label>
          <label className={styles.choice}>
            <input type="checkbox" checked={options.exitCost} onChange={(e) => set('exitCost', e.target.checked)} data-testid="exit-cost" />
            <span>
              <span className={styles.choiceName}>{pt('exitCost', mode)}</span>
              <Bi k="exitCostNote" mode={mode} values={{ ns: String(KVM_DOORBELL_EXIT_NS) }} className={styles.choiceNote} />
            </span>
          </label>
          <label className={styles.choice}>
            <input type="checkbox" checked={options.indirect} onChange={(e) => set('indirect', e.target.checked)} data-testid="indirect" />
            <span>
              <span className={styles.choiceName}>{pt('indirect', mode)}</span>
              <Bi k="indirectNote" mode={mode} className={styles.choiceNote} />
            </span>
          </label>
        </div>
      </fieldset>
    </Panel>
  );
}
