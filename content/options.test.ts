import { describe, expect, it } from 'vitest';
import { SCENARIOS, checkScenario } from '@/engine/scenarios/registry';
import { descriptorFlowOptions } from '@/engine/scenarios/descriptor-flow';
import { optionHelp, problemText } from './options';
import { RULES } from './descriptor-flow/option-help';
import { PCI_RULES } from './pci/option-help';
import { VHOST_USER_OPTION_HELP, type VhostUserOptionName } from './vhost-user/option-help';

describe('option prose', () => {
  it('has help for every option in both languages', () => {
    for (const name of Object.keys(descriptorFlowOptions)) {
      expect(optionHelp('descriptor-flow', name, 'en')).toMatch(/\w/);
      expect(optionHelp('descriptor-flow', name, 'zh')).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(optionHelp('descriptor-flow', 'constructor', 'en')).toBeUndefined();
  });

  it('has help for every option of every registered scenario, in both languages', () => {
    for (const [id, def] of Object.entries(SCENARIOS)) {
      for (const name of Object.keys(def.options)) {
        expect(optionHelp(id, name, 'en'), `${id} ${name}`).toMatch(/\w/);
        expect(optionHelp(id, name, 'zh'), `${id} ${name}`).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  // The vhost-user walkthrough's options (engine/scenarios/vhost-user.ts) and the values each enum takes.
  const vhostUserValues: Record<VhostUserOptionName, string[]> = {
    era: ['seed', 'modern', 'QEMU 5.0', 'DPDK 19.11', 'QEMU 7.2', 'DPDK 22.11'],
    topology: ['qemu-server', 'dpdk-server', 'dpdkvhostuserclient'],
    queues: ['queues=', 'mq=on'],
    frames: ['PMD'],
    fault: ['none', 'fd-count', 'vring-index', 'size-too-large', 'unhandled-request', 'region-overflow'],
    disconnect: ['vring base'],
    seed: [],
  };

  it('has help for every vhost-user option in both languages, naming each value it can take', () => {
    for (const [name, values] of Object.entries(vhostUserValues)) {
      const en = optionHelp('vhost-user', name, 'en');
      const zh = optionHelp('vhost-user', name, 'zh');
      expect(en, name).toMatch(/\w/);
      expect(zh, name).toMatch(/[\u4e00-\u9fff]/);
      for (const v of values) {
        expect(en, `${name} en`).toContain(v);
        expect(zh, `${name} zh`).toContain(v);
      }
    }
    expect(Object.keys(VHOST_USER_OPTION_HELP).sort()).toEqual(Object.keys(vhostUserValues).sort());
  });

  it.runIf(Object.prototype.hasOwnProperty.call(SCENARIOS, 'vhost-user'))('the registered vhost-user scenario has exactly the options the help describes', () => {
    expect(Object.keys(SCENARIOS['vhost-user']!.options).sort()).toEqual(Object.keys(vhostUserValues).sort());
  });

  // The PCI walkthroughs' rules, each said in both languages.
  const pciBreaking: Array<[string, Record<string, string>, 'step' | 'free', string]> = [
    ['msix-vectors', {}, 'free', 'step-only'],
    ['msix-vectors', { device: 'balloon', queues: '2' }, 'step', 'net-only'],
    ['msix-vectors', { queues: '2', ctrl: 'off' }, 'step', 'mq-needs-ctrl'],
    ['msix-vectors', { irq: 'intx', mask: '1' }, 'step', 'mask-needs-msix'],
    ['msix-vectors', { vectors: '3', mask: '5' }, 'step', 'mask-in-table'],
    ['kick-call', {}, 'free', 'step-only'],
    ['kick-call', { queues: '2', ctrl: 'off' }, 'step', 'mq-needs-ctrl'],
  ];

  it.each(pciBreaking)('%s: says rule %j (%s) in both languages', (id, options, mode, rule) => {
    const r = checkScenario(id, options, mode);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    if (mode === 'free') return; // refused before the scenario's own rules: "runs in step mode only"
    expect(r.problem).toMatchObject({ code: 'rule', rule });
    expect(Object.keys(PCI_RULES)).toContain(rule);
    expect(problemText(r.problem!, 'zh')).toMatch(/[\u4e00-\u9fff]/);
  });

  // One set of options per rule the scenario checks; a new rule without Chinese words fails here.
  const breaking: Array<[Record<string, string>, 'step' | 'free', string]> = [
    [{ size: '2000' }, 'step', 'tx-max-frame'],
    [{ qsize: '16' }, 'step', 'tx-min-qsize'],
    [{ dir: 'rx', rxbuf: 'big', qsize: '16' }, 'step', 'big-min-qsize'],
    [{ dir: 'rx', rxbuf: 'big', qsize: '1024', indirect: 'on' }, 'step', 'big-ram'],
    [{ dir: 'rx', fault: 'zero-len' }, 'step', 'tx-only-fault'],
    [{ fault: 'indirect-len' }, 'step', 'needs-indirect'],
    [{ fault: 'out-after-in' }, 'step', 'needs-two-pieces'],
    [{ packets: '5000' }, 'step', 'step-max-packets'],
    [{ dir: 'rx', rxbuf: 'small', size: '4000' }, 'free', 'free-frames-fit'],
  ];

  it.each(breaking)('says rule %j (%s) in both languages', (options, mode, rule) => {
    const r = checkScenario('descriptor-flow', options, mode);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toMatchObject({ code: 'rule', rule });
    expect(Object.keys(RULES)).toContain(rule);
    const zh = problemText(r.problem!, 'zh');
    expect(zh).toMatch(/^参数 \w+：.*[\u4e00-\u9fff]/);
    const option = r.problem!.code === 'rule' ? r.problem!.option : '';
    expect(problemText(r.problem!, 'en').startsWith(`option ${option}: `)).toBe(true);
    for (const v of Object.values((r.problem as { params: object }).params)) expect(zh).toContain(String(v));
  });

  it('says per-option problems in both languages, without echoing the value', () => {
    const r = checkScenario('descriptor-flow', { qsize: 'x'.repeat(500) }, 'step');
    if (r.ok) throw new Error('accepted');
    expect(problemText(r.problem!, 'en')).toBe('option qsize: expected a whole number');
    expect(problemText(r.problem!, 'zh')).toBe('参数 qsize：需要一个整数');
  });
});
