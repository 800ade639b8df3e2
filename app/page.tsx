// The catalogue: the runnable walkthroughs as links, the planned ones listed. Static, bilingual.
import Link from 'next/link';
import { CATALOGUE, PLAYGROUND } from '@/components/catalogue/catalogue';
import styles from './page.module.css';

export default function Catalogue() {
  return (
    <main className={styles.page}>
      <header className={styles.head}>
        <h1>virtio explainer</h1>
        <p>
          Watch the virtio / vhost I/O stack run, one beat at a time: step forward and back, jump to any step, link to it.{' '}
          <span lang="zh-CN">逐步观察 virtio / vhost I/O 栈的运行：单步前进、后退，跳到任意一步，并分享链接。</span>
        </p>
      </header>
      <h2 className={styles.section}>
        Scenarios · <span lang="zh-CN">场景</span>
      </h2>
      <ul className={styles.grid}>
        {CATALOGUE.map((s) => (
          <li key={s.id} className={styles.card} data-runnable={s.runnable || undefined} data-testid={`scenario-${s.id}`}>
            <h3 className={styles.title}>
              {s.runnable ? <Link href={`/walkthrough/${s.id}`}>{s.title.en}</Link> : s.title.en}
              {s.runnable ? null : <span className={styles.badge}>planned · 计划中</span>}
            </h3>
            <p className={styles.zhTitle} lang="zh-CN">
              {s.title.zh}
            </p>
            <p className={styles.blurb}>{s.blurb.en}</p>
            <p className={styles.blurb} lang="zh-CN">
              {s.blurb.zh}
            </p>
            {s.runnable ? (
              <p className={styles.links}>
                <Link href={`/walkthrough/${s.id}`}>Open the walkthrough →</Link>
                <Link href={`/embed/${s.id}`} className={styles.secondary}>
                  embed
                </Link>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      <h2 className={styles.section}>
        Free run · <span lang="zh-CN">自由运行</span>
      </h2>
      <div className={styles.card} data-runnable data-testid="playground-card">
        <h3 className={styles.title}>
          <Link href={PLAYGROUND.href}>{PLAYGROUND.title.en}</Link>
        </h3>
        <p className={styles.zhTitle} lang="zh-CN">
          {PLAYGROUND.title.zh}
        </p>
        <p className={styles.blurb}>{PLAYGROUND.blurb.en}</p>
        <p className={styles.blurb} lang="zh-CN">
          {PLAYGROUND.blurb.zh}
        </p>
        <p className={styles.links}>
          <Link href={PLAYGROUND.href}>Open the playground →</Link>
        </p>
      </div>
    </main>
  );
}
