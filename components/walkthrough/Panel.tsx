/** The card every view sits in: a titled section, so screen readers can jump between views. */
import type { ReactNode } from 'react';
import styles from './Panel.module.css';

/** A titled panel. `aside` goes at the right of the title bar. */
export function Panel({
  title,
  aside,
  children,
  className,
  testId,
  ...data
}: {
  title: ReactNode;
  aside?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
} & Record<`data-${string}`, string | number | undefined>) {
  return (
    <section className={`${styles.panel} ${className ?? ''}`} data-testid={testId} {...data}>
      <header className={styles.head}>
        <h2 className={styles.title}>{title}</h2>
        {aside ? <div className={styles.aside}>{aside}</div> : null}
      </header>
      <div className={styles.body}>{children}</div>
    </section>
  );
}
