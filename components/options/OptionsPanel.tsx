'use client';
/**
 * The scenario's options as a form, built from its option table (kind,
 * default, range, values, help). A change is checked with the engine's own
 * parser and rebuilds the run from step 0; a bad number is refused inline
 * and changes nothing. Help and errors are in the reader's language
 * (content/options.ts); the engine's English help is the fallback.
 */
import { useId, useState, type FormEvent } from 'react';
import { optionHelp, problemReason } from '@/content/options';
import { nonDefault, parseOptions, stepModeOptions, type OptionProblem, type OptionSpec, type OptionTable } from '@/engine/scenarios/options';
import { langsOf, t, type LangMode } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import styles from './OptionsPanel.module.css';

type Values = Record<string, string>;

function asStrings(values: Record<string, unknown>): Values {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
}

/** The help line of an option, or the reason it was refused, in the language mode (both: Chinese / English). */
function helpText(scenario: string, name: string, spec: OptionSpec, error: OptionProblem | undefined, mode: LangMode): string {
  return langsOf(mode)
    .map((lang) => (error ? problemReason(error, lang) : (optionHelp(scenario, name, lang) ?? spec.help)))
    .join(' / ');
}

function Field({
  scenario,
  name,
  spec,
  value,
  error,
  onChange,
  onCommit,
}: {
  scenario: string;
  name: string;
  spec: OptionSpec;
  value: string;
  error: OptionProblem | undefined;
  onChange: (v: string) => void;
  onCommit: (v: string) => void;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  const lang = useExplainer((s) => s.lang);
  return (
    <div className={styles.field} data-error={error ? true : undefined}>
      <label htmlFor={id} className={styles.name}>
        <code>{name}</code>
      </label>
      {spec.kind === 'enum' ? (
        <select id={id} value={value} aria-describedby={helpId} onChange={(e) => onCommit(e.currentTarget.value)} data-testid={`option-${name}`}>
          {spec.values.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      ) : spec.kind === 'bool' ? (
        <input
          id={id}
          type="checkbox"
          checked={value === 'true'}
          aria-describedby={helpId}
          onChange={(e) => onCommit(String(e.currentTarget.checked))}
          data-testid={`option-${name}`}
        />
      ) : (
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={spec.min}
          max={spec.max}
          value={value}
          aria-describedby={helpId}
          aria-invalid={error ? true : undefined}
          onChange={(e) => onChange(e.currentTarget.value)}
          onBlur={(e) => onCommit(e.currentTarget.value)}
          data-testid={`option-${name}`}
        />
      )}
      <span id={helpId} className={styles.help} role={error ? 'alert' : undefined}>
        {helpText(scenario, name, spec, error, lang)}
      </span>
    </div>
  );
}

function OptionsForm({ table, loaded }: { table: OptionTable; loaded: Values }) {
  const lang = useExplainer((s) => s.lang);
  const scenario = useExplainer((s) => s.scenario);
  const requestLoad = useExplainer((s) => s.requestLoad);
  const [draft, setDraft] = useState<Values>(loaded);
  const [errors, setErrors] = useState<Record<string, OptionProblem>>({});

  const apply = (next: Values) => {
    const parsed = parseOptions(table, next);
    if (!parsed.ok) {
      const p = parsed.problem;
      setErrors(p.code === 'not-object' ? {} : { [p.option]: p });
      return;
    }
    setErrors({});
    if (JSON.stringify(asStrings(parsed.value)) !== JSON.stringify(asStrings(loaded))) requestLoad(nonDefault(table, parsed.value), 0);
  };
  const commit = (name: string, v: string) => {
    const next = { ...draft, [name]: v };
    setDraft(next);
    apply(next);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  const defaults = asStrings(Object.fromEntries(Object.entries(table).map(([k, s]) => [k, s.default])));

  return (
    <form className={styles.form} onSubmit={onSubmit} data-testid="options-form">
      <p className={styles.note}>{t('optionsReload', lang)}</p>
      <div className={styles.fields}>
        {stepModeOptions(table).map(([name, spec]) => (
          <Field
            key={name}
            scenario={scenario}
            name={name}
            spec={spec}
            value={draft[name] ?? String(spec.default)}
            error={errors[name]}
            onChange={(v) => setDraft((d) => ({ ...d, [name]: v }))}
            onCommit={(v) => commit(name, v)}
          />
        ))}
      </div>
      <div className={styles.actions}>
        <button type="button" className={styles.reset} onClick={() => (setDraft(defaults), apply(defaults))} data-testid="options-reset">
          {t('resetOptions', lang)}
        </button>
      </div>
    </form>
  );
}

/** The options panel (collapsible). */
export function OptionsPanel({ open = false }: { open?: boolean }) {
  const lang = useExplainer((s) => s.lang);
  const table = useExplainer((s) => s.table);
  const loadedOptions = useExplainer((s) => s.info?.options);
  const refused = useExplainer((s) => s.refusedLoads);
  const loaded = loadedOptions ? asStrings(loadedOptions) : null;
  return (
    <details className={styles.panel} open={open} data-testid="options">
      <summary className={styles.summary}>{t('options', lang)}</summary>
      {/* Keyed by the loaded values: a new run (or a refused one) resets the draft to what is loaded. */}
      {loaded ? <OptionsForm key={`${refused}:${JSON.stringify(loaded)}`} table={table} loaded={loaded} /> : null}
    </details>
  );
}
