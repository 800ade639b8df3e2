// Why: one table of the four notification-suppression modes, so C, bare JS and the engine are configured alike.
export type Mode = 'evidx' | 'flags' | 'every' | 'poll';

export const MODES: readonly Mode[] = ['evidx', 'flags', 'every', 'poll'];

export const MODE_LABEL: Record<Mode, string> = {
  evidx: 'event-idx',
  flags: 'flags',
  every: 'every buffer',
  poll: 'busy-poll (engine: vhost_net_busy_poll, 1000 µs)',
};

/** The engine's descriptor-flow options for a mode (TX, 64-byte frames, like the rings' 64-byte packets). */
export function engineOptions(mode: Mode, buffers: number, qsize: number): Record<string, string> {
  const base = { dir: 'tx', packets: String(buffers), qsize: String(qsize), size: '64' };
  switch (mode) {
    case 'evidx':
      return { ...base, eventIdx: 'true', suppress: 'true' };
    case 'flags':
      return { ...base, eventIdx: 'false', suppress: 'true' };
    case 'every':
      return { ...base, eventIdx: 'false', suppress: 'false' };
    case 'poll':
      // The C and JS rings poll without end, like a DPDK PMD; Linux vhost only busy-polls for busyloop_timeout.
      return { ...base, eventIdx: 'true', suppress: 'true', busyloop: '1000' };
  }
}
