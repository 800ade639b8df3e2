/**
 * The scenarios the engine can run, each with its option table. The command
 * line's --help, the page's option panel and the URL parser all read this.
 */
import { FREE_SCENARIOS } from './free-capable';
import { buildKickCall, kickCallArenaSize, kickCallOptions, validateKickCall, type KickCallOptions } from './kick-call';
import { buildMsixVectors, msixVectorsArenaSize, msixVectorsOptions, validateMsixVectors, type MsixVectorsOptions } from './msix-vectors';
import { checkIn, type ScenarioCheck, type ScenarioDef } from './scenario';
import { buildVhostUser, validateVhostUser, vhostUserArenaSize, vhostUserOptions, type VhostUserOptions } from './vhost-user';
import type { World } from './world';
import type { OptionProblem } from './options';

export type { ScenarioDef } from './scenario';

/** Every scenario, in catalogue order. */
export const SCENARIOS: Record<string, ScenarioDef> = {
  ...FREE_SCENARIOS,
  'msix-vectors': {
    id: 'msix-vectors',
    title: { en: 'MSI-X vectors: how the guest gets its interrupts', zh: 'MSI-X 中断向量：客户机如何拿到它的中断' },
    options: msixVectorsOptions,
    validate: (values, mode) => validateMsixVectors(values as MsixVectorsOptions, mode),
    build: (values, backing) => buildMsixVectors(values as MsixVectorsOptions, backing),
    arenaSize: (values) => msixVectorsArenaSize(values as MsixVectorsOptions),
  },
  'kick-call': {
    id: 'kick-call',
    title: { en: 'Kick and call: ioeventfd, irqfd and QEMU’s main loop', zh: 'kick 与 call：ioeventfd、irqfd 与 QEMU 主循环' },
    options: kickCallOptions,
    validate: (values, mode) => validateKickCall(values as KickCallOptions, mode),
    build: (values, backing) => buildKickCall(values as KickCallOptions, backing),
    arenaSize: (values) => kickCallArenaSize(values as KickCallOptions),
  },
  'vhost-user': {
    id: 'vhost-user',
    title: { en: 'vhost-user negotiation: QEMU and DPDK over a unix socket', zh: 'vhost-user 协商：QEMU 与 DPDK 通过 unix socket 对话' },
    options: vhostUserOptions,
    validate: (values, mode) => validateVhostUser(values as VhostUserOptions, mode),
    build: (values, backing) => buildVhostUser(values as VhostUserOptions, backing),
    arenaSize: (values) => vhostUserArenaSize(values as VhostUserOptions),
  },
};

/** Scenario ids. */
export const SCENARIO_IDS = Object.keys(SCENARIOS);

/** Check a scenario name and raw options for a mode; returns the scenario and parsed values, or what is wrong. */
export function checkScenario(id: unknown, raw: Record<string, unknown>, mode: 'step' | 'free'): ScenarioCheck {
  if (mode === 'free' && typeof id === 'string' && Object.prototype.hasOwnProperty.call(SCENARIOS, id) && !Object.prototype.hasOwnProperty.call(FREE_SCENARIOS, id)) {
    return { ok: false, error: `scenario ${JSON.stringify(id)} runs in step mode only (free-run: ${Object.keys(FREE_SCENARIOS).join(', ')})` };
  }
  return checkIn(mode === 'free' ? FREE_SCENARIOS : SCENARIOS, id, raw, mode);
}

/** Validate a scenario name and raw options for step mode, and build its world; or say what is wrong. */
export function createWorld(
  id: unknown,
  raw: Record<string, unknown>,
  shared: boolean,
): { ok: true; world: World; options: Record<string, unknown> } | { ok: false; error: string; problem?: OptionProblem } {
  const c = checkScenario(id, raw, 'step');
  if (!c.ok) return c;
  return { ok: true, world: c.def.build(c.options, shared), options: c.options };
}
