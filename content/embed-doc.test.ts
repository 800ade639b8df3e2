import { describe, expect, it } from 'vitest';
import { EMBED_KEYS } from '@/components/embed/embed-params';
import { parseCommand } from '@/components/embed/embed-messages';
import { EMBED_COMMANDS, EMBED_EVENTS, EMBED_PARAMS } from './embedding';

describe('the embedding guide', () => {
  it('describes every URL parameter the parser reads', () => {
    const names = EMBED_PARAMS.map((p) => p.name);
    for (const k of EMBED_KEYS) expect(names).toContain(k);
    expect(names).toContain('o.<option>');
  });

  it('describes exactly the commands the embed accepts', () => {
    for (const c of EMBED_COMMANDS) {
      expect(parseCommand({ source: 'virtio-explainer', v: 1, type: c.name }).ok || !/unknown command/.test((parseCommand({ source: 'virtio-explainer', v: 1, type: c.name }) as { reason: string }).reason)).toBe(true);
    }
    expect(EMBED_COMMANDS.map((c) => c.name).sort()).toEqual(['pause', 'play', 'seek', 'setLanguage', 'step']);
    expect(EMBED_EVENTS.map((c) => c.name).sort()).toEqual(['error', 'height', 'ready', 'stepChanged']);
  });
});
