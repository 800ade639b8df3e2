/** One ring header field (flags, idx, used_event, avail_event) as a labelled value that lights up when touched. */
import { memo } from 'react';
import styles from './Ring.module.css';

export const HeaderField = memo(function HeaderField({
  name,
  value,
  note,
  touched,
  dim,
  testId,
}: {
  name: string;
  value: string;
  note?: string;
  touched: boolean;
  dim?: boolean;
  testId: string;
}) {
  return (
    <div className={styles.field} data-touched={touched || undefined} data-dim={dim || undefined} data-testid={testId} title={note}>
      <span className={styles.fieldName}>{name}</span>
      <span className={styles.fieldValue}>{value}</span>
    </div>
  );
});
