// The embedding guide: /embed's URL parameters and postMessage API (content/embedding.ts), with a working example. ?lang=en|zh|both.
import type { Metadata } from 'next';
import { SitePage } from '@/components/catalogue/SitePage';
import { EMBED_COMMANDS, EMBED_EVENTS, EMBED_GUIDE, EMBED_PARAMS, type DocItem } from '@/content/embedding';
import { htmlLang, langsOf, pick, type LangMode } from '@/components/i18n/ui-text';
import { pageMetadata, queryLang, queryMode, withSite } from '../../_lib/meta';
import own from './embedding.module.css';

export async function generateMetadata({ searchParams }: PageProps<'/docs/embedding'>): Promise<Metadata> {
  return pageMetadata({ mode: queryMode(await searchParams), title: withSite(EMBED_GUIDE.title), description: EMBED_GUIDE.intro, path: '/docs/embedding' });
}

const EXAMPLE = `<iframe id="ring" title="Split virtqueue at step 12"
  src="https://SITE/embed?v=1&scenario=descriptor-flow&view=ring&step=12&lang=en"
  width="100%" height="480" style="border:0"></iframe>
<script>
  const SITE = 'https://SITE';
  const ring = document.getElementById('ring');
  addEventListener('message', (e) => {
    if (e.origin !== SITE || e.source !== ring.contentWindow) return;
    if (e.data.type === 'height') ring.height = e.data.height;
    if (e.data.type === 'stepChanged') console.log(e.data.step, e.data.caption.en);
  });
  const send = (msg) => ring.contentWindow.postMessage({ source: 'virtio-explainer', v: 1, ...msg }, SITE);
  // after the ready event: send({ type: 'seek', step: 20 });
</script>`;

function Table({ items, mode, testId }: { items: readonly DocItem[]; mode: LangMode; testId: string }) {
  return (
    <table className={own.table} data-testid={testId}>
      <tbody>
        {items.map((p) => (
          <tr key={p.name}>
            <th scope="row">
              <code>{p.name}</code>
            </th>
            <td>
              <code className={own.example}>{p.example}</code>
              {langsOf(mode).map((l) => (
                <p key={l} lang={htmlLang(l)}>
                  {p.text[l]}
                </p>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function EmbeddingPage({ searchParams }: PageProps<'/docs/embedding'>) {
  const query = await searchParams;
  const chosen = queryLang(query);
  const mode = queryMode(query);
  const say = (k: keyof typeof EMBED_GUIDE) => pick(EMBED_GUIDE[k], mode);
  return (
    <SitePage
      mode={mode}
      chosen={chosen}
      path="/docs/embedding"
      title={say('title')}
      intro={langsOf(mode).map((l) => (
        <p key={l} lang={htmlLang(l)}>
          {EMBED_GUIDE.intro[l]}
        </p>
      ))}
      mainClassName={own.main}
    >
      <h2>{say('params')}</h2>
      <Table items={EMBED_PARAMS} mode={mode} testId="embed-params" />
      <p>{say('bad')}</p>
      <h2>{say('commands')}</h2>
      <p>{say('envelope')}</p>
      <Table items={EMBED_COMMANDS} mode={mode} testId="embed-commands" />
      <h2>{say('events')}</h2>
      <Table items={EMBED_EVENTS} mode={mode} testId="embed-events" />
      <p>{say('keys')}</p>
      <h2>{say('example')}</h2>
      <pre className={own.code}>
        <code>{EXAMPLE}</code>
      </pre>
    </SitePage>
  );
}
