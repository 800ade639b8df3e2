/** Index pointers drawn beside a ring slot: which side's cursor sits here (guest driver or host vhost). */
import styles from './Ring.module.css';

/** One pointer into a ring. */
export interface Marker {
  name: string;
  side: 'guest' | 'host';
  title: string;
}

/** The pointers at one slot. */
export function Markers({ markers }: { markers: readonly Marker[] }) {
  if (markers.length === 0) return null;
  return (
    <>
      {markers.map((m) => (
        <span key={m.name} className={styles.pointer} data-side={m.side} title={m.title}>
          {m.name}
        </span>
      ))}
    </>
  );
}
