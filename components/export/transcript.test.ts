/** The Markdown transcript, over every registered scenario's real run: every step is there, with its thread, innermost function, captions and source. */
import { describe, expect, it } from 'vitest';
import { SCENARIOS, SCENARIO_IDS } from '@/engine/scenarios/registry';
import { runScenario } from '@/engine/testing/run';
import { xt } from './export-text';
import { buildTranscript, exportFileName, mdText, transcriptMarkdown, type Transcript } from './transcript';

function transcriptOf(id: string, link?: string): Transcript {
  const s = runScenario(id, {});
  return buildTranscript({ scenario: id, title: SCENARIOS[id]!.title, info: s.world.info, trace: s.trace, ...(link ? { link } : {}) });
}

/** The Markdown of each step: from its heading to the next step's. */
function stepBlocks(md: string): string[] {
  return md.split(/^### /m).slice(1);
}

describe.each(SCENARIO_IDS)('transcript of %s', (id) => {
  const s = runScenario(id, {});
  const tr = transcriptOf(id, `http://example.test/walkthrough/${id}`);

  it('has one step per beat of the run, numbered from 1, each on the thread that ran it', () => {
    expect(s.length).toBeGreaterThan(0);
    expect(tr.steps.map((x) => x.step)).toEqual(s.trace.map((_, i) => i + 1));
    const names = new Map(s.world.info.threads.map((th) => [th.id, th.name]));
    for (const [i, e] of s.trace.entries()) {
      expect(tr.steps[i]!.actor).toBe(e.actor);
      expect(tr.steps[i]!.thread).toBe(names.get(e.actor) ?? e.actor);
      expect(tr.steps[i]!.stack.length).toBe(e.stack.length);
    }
  });

  it.each(['en', 'zh', 'both'] as const)('Markdown in %s: header, then every step with thread, innermost function, caption(s) and source', (mode) => {
    const md = transcriptMarkdown(tr, mode);
    const head = md.split(/^## |^### /m)[0]!;
    expect(head).toMatch(/^# \S/);
    if (mode !== 'zh') expect(head).toContain(mdText(SCENARIOS[id]!.title.en));
    if (mode !== 'en') expect(head).toContain(mdText(SCENARIOS[id]!.title.zh));
    for (const v of s.world.info.versions) expect(head).toContain(mdText(v.name));
    for (const [k, v] of Object.entries(s.world.info.options)) expect(head).toContain(`\`${k}=${String(v)}\``);
    expect(head).toContain(`<http://example.test/walkthrough/${id}>`);
    expect(head).toContain(`: ${s.length}\n`);

    const blocks = stepBlocks(md);
    expect(blocks).toHaveLength(s.length);
    for (const [i, block] of blocks.entries()) {
      const st = tr.steps[i]!;
      expect(block.startsWith(`${xt('stepN', mode, { n: i + 1 })} — `), `step ${i + 1} heading`).toBe(true);
      expect(block).toContain(`(\`${st.actor}\`)`);
      if (st.stack[0]) expect(block).toContain(`\`${st.stack[0].fn}()\` (${st.stack[0].file})`);
      for (const l of ['en', 'zh'] as const) {
        const shown = mode === 'both' || mode === l;
        expect(block.includes(mdText(st.caption[l])), `step ${i + 1} ${l} caption`).toBe(shown || st.caption.en === st.caption.zh);
        if (shown) expect(block).toContain(mdText(st.source[l]));
      }
    }
  });
});

describe('Markdown escaping', () => {
  it('escapes what would start emphasis, links, HTML or code, and leaves identifiers readable', () => {
    expect(mdText('vring_interrupt reads *used* [idx] <b> `x`')).toBe('vring_interrupt reads \\*used\\* \\[idx\\] \\<b\\> \\`x\\`');
    expect(mdText('_start and end_')).toBe('\\_start and end\\_');
    expect(mdText('# not a heading')).toBe('\\# not a heading');
    expect(mdText('1. not a list')).toBe('\\1. not a list');
  });

  it('names export files after the scenario, the step and the view', () => {
    expect(exportFileName('descriptor-flow', 'Virtqueue (split ring)', 'svg', 12)).toBe('descriptor-flow-step-12-virtqueue-split-ring.svg');
    expect(exportFileName('kick-call', 'transcript', 'md')).toBe('kick-call-transcript.md');
    expect(exportFileName('msix-vectors', '中断', 'png', 0)).toBe('msix-vectors-step-0.png');
  });
});
