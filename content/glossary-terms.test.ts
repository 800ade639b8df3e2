import { describe, expect, it } from 'vitest';
import { GLOSSARY } from './glossary';
import { glossaryNames, glossarySlug, glossaryTermsIn } from './glossary-terms';

describe('glossary terms', () => {
  it('gives every entry a distinct anchor', () => {
    const slugs = GLOSSARY.map(glossarySlug);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(slugs.every((s) => /^[a-z0-9-]+$/.test(s))).toBe(true);
  });

  it('has the terms the issue names', () => {
    const names = GLOSSARY.flatMap(glossaryNames);
    for (const t of ['kick', 'call', 'irqfd', 'ioeventfd', 'vring', 'descriptor chain', 'MSI-X', 'PBA', 'vDPA']) expect(names).toContain(t);
  });

  it('finds the terms prose mentions, as whole words', () => {
    const found = (s: string) => glossaryTermsIn(s).map((e) => e.en);
    expect(found('vhost signals the call eventfd; KVM’s irqfd injects the interrupt')).toEqual(
      expect.arrayContaining(['call', 'eventfd', 'irqfd']),
    );
    expect(found('kvm_cpu_exec calls kvm_handle_io')).not.toContain('call');
    expect(found('客户机写入 avail 环之后 kick')).toEqual(expect.arrayContaining(['available ring (avail ring)', 'kick']));
  });
});
