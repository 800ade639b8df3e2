/** What the page has to say before the player: whether free-run can work here (isolation), then the run's notices. Shared by the walkthrough, the presenter and the follower. */
import { Notices } from '../notices/Notices';
import { IsolationNotice } from './IsolationNotice';
import styles from './Walkthrough.module.css';

export function StatusNotices() {
  return (
    <div className={styles.status}>
      <IsolationNotice />
      <Notices />
    </div>
  );
}
