/** The card every view sits in: a titled section, so screen readers can jump between views. */
import type { ReactNode } from 'react';
import type { TopoNode } from '@/engine/scenarios/world';
import styles from './Panel.module.css';

/** A panel other views can send the reader to (the overview's nodes do). */
export type PanelAnchor = NonNullable<TopoNode['panel']>;

/** The element id of an anchored panel. */
export function panelId(anchor: PanelAnchor): string {
  return `panel-${anchor}`;
}

/** A titled panel. `aside` goes at the right of the title bar; `anchor` gives it a stable id to scroll to. */
export function Panel({
  title,
  aside,
  children,
  className,
  testId,
  anchor,
  ...data
}: {
  title: ReactNode;
  aside?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
  anchor?: PanelAnchor;
} & Record<`data-${string}`, string | number | undefined>) {
  return (
    <section className={`${styles.panel} ${className ?? ''}`} id={anchor ? panelId(anchor) : undefined} data-testid={testId} {...data}>
      <header className={styles.head}>
        <h2 className={styles.title}>{title}</h2>
        {aside ? <div className={styles.aside}>{aside}</div> : null}
      </header>
      <div className={styles.body}>{children}</div>
    </section>
  );
}
