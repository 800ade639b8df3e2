'use client';
/**
 * QEMU's fd table, with the counter of each eventfd. When the beat is a kick
 * (vp_notify → ioeventfd) or a call (vhost_signal → irqfd), that fd's
 * counter pulses.
 */
import { m } from 'framer-motion';
import { fdLabel } from '@/content/labels';
import { inMode, t } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Panel } from '../walkthrough/Panel';
import styles from './EventfdPanel.module.css';

export function EventfdPanel() {
  const lang = useExplainer((s) => s.lang);
  const fds = useExplainer((s) => s.frame?.snapshot.fds);
  const signalled = useExplainer((s) => s.frame?.touch.fd ?? null);
  const step = useExplainer((s) => s.frame?.step ?? 0);
  const first = fds?.[0];
  return (
    <Panel title={t('eventfds', lang)} aside={first ? <code>{`${first.process} pid ${first.pid}`}</code> : undefined} testId="eventfds" anchor="fds">
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">fd</th>
            <th scope="col">{t('fdFile', lang)}</th>
            <th scope="col" className={styles.count}>
              {t('fdCount', lang)}
            </th>
          </tr>
        </thead>
        <tbody>
          {(fds ?? []).map((f) => {
            const pulse = signalled?.fd === f.fd ? signalled.kind : null;
            return (
              <tr key={f.fd} data-testid={`fd-${f.fd}`} data-pulse={pulse ?? undefined} className={styles.row}>
                <td className={styles.fd}>{f.fd}</td>
                <td className={styles.label}>{inMode(lang, (l) => fdLabel(f, l))}</td>
                <td className={styles.count}>
                  {f.count === null ? (
                    <span className={styles.none}>—</span>
                  ) : (
                    <m.span
                      key={pulse ? `${f.fd}-${step}` : f.fd}
                      className={styles.counter}
                      data-kind={pulse ?? undefined}
                      initial={pulse ? { scale: 1.6 } : false}
                      animate={{ scale: 1 }}
                      transition={{ type: 'spring', stiffness: 380, damping: 14 }}
                    >
                      {f.count}
                    </m.span>
                  )}
                  {pulse ? <span className={styles.tag}>{pulse}</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Panel>
  );
}
