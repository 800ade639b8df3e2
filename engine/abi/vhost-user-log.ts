/**
 * What DPDK's vhost library prints when it reads a vhost-user message, per era.
 *
 * 19.11 (lib/librte_vhost/vhost_user.c) names requests through the string table
 * `vhost_message_str[VHOST_USER_MAX]` (VHOST_USER_MAX = 33) and logs with
 * `RTE_LOG(level, VHOST_CONFIG, ...)`, so every line starts `VHOST_CONFIG: `.
 * 22.11 (lib/vhost/vhost_user.c) names them through the `description` of the
 * `vhost_message_handlers[]` table (built by the VHOST_MESSAGE_HANDLER macro, which
 * stringifies the enum name, so the text is the same `VHOST_USER_*` spelling) and logs
 * with `VHOST_LOG_CONFIG(dev->ifname, ...)`, which prefixes `VHOST_CONFIG: (<socket path>) `.
 *
 * This file is standalone (no imports) so `vhost-user.ts` can use it without a cycle.
 */

/** The DPDK releases whose vhost-user back-end is modelled. */
export type DpdkEra = '19.11' | '22.11';

/** rte_log levels that appear in the vhost library's messages. */
export type DpdkLogLevel = 'ERR' | 'WARNING' | 'NOTICE' | 'INFO' | 'DEBUG';

/** One line DPDK prints, with its level (DEBUG lines are hidden at the default INFO level). */
export interface DpdkLogLine {
  readonly level: DpdkLogLevel;
  /** The full line as printed, prefix included, without the trailing newline. */
  readonly text: string;
}

/** 19.11 `vhost_message_str[]`: index = request id; ids 23–25 have no entry there. */
const NAMES_19_11: Readonly<Record<number, string>> = {
  0: 'VHOST_USER_NONE',
  1: 'VHOST_USER_GET_FEATURES',
  2: 'VHOST_USER_SET_FEATURES',
  3: 'VHOST_USER_SET_OWNER',
  4: 'VHOST_USER_RESET_OWNER',
  5: 'VHOST_USER_SET_MEM_TABLE',
  6: 'VHOST_USER_SET_LOG_BASE',
  7: 'VHOST_USER_SET_LOG_FD',
  8: 'VHOST_USER_SET_VRING_NUM',
  9: 'VHOST_USER_SET_VRING_ADDR',
  10: 'VHOST_USER_SET_VRING_BASE',
  11: 'VHOST_USER_GET_VRING_BASE',
  12: 'VHOST_USER_SET_VRING_KICK',
  13: 'VHOST_USER_SET_VRING_CALL',
  14: 'VHOST_USER_SET_VRING_ERR',
  15: 'VHOST_USER_GET_PROTOCOL_FEATURES',
  16: 'VHOST_USER_SET_PROTOCOL_FEATURES',
  17: 'VHOST_USER_GET_QUEUE_NUM',
  18: 'VHOST_USER_SET_VRING_ENABLE',
  19: 'VHOST_USER_SEND_RARP',
  20: 'VHOST_USER_NET_SET_MTU',
  21: 'VHOST_USER_SET_SLAVE_REQ_FD',
  22: 'VHOST_USER_IOTLB_MSG',
  // DPDK's own spelling; QEMU calls 26/27 CREATE_CRYPTO_SESSION / CLOSE_CRYPTO_SESSION.
  26: 'VHOST_USER_CRYPTO_CREATE_SESS',
  27: 'VHOST_USER_CRYPTO_CLOSE_SESS',
  28: 'VHOST_USER_POSTCOPY_ADVISE',
  29: 'VHOST_USER_POSTCOPY_LISTEN',
  30: 'VHOST_USER_POSTCOPY_END',
  31: 'VHOST_USER_GET_INFLIGHT_FD',
  32: 'VHOST_USER_SET_INFLIGHT_FD',
};

/**
 * 22.11 `vhost_message_handlers[]` descriptions (RTE_DIM = 41, ids 0..40). The crypto
 * ids 26/27 left the table (vhost-crypto handles them in its pre_msg_handle hook), so
 * the library itself treats them as external requests.
 */
const NAMES_22_11: Readonly<Record<number, string>> = {
  ...Object.fromEntries(Object.entries(NAMES_19_11).filter(([id]) => id !== '26' && id !== '27')),
  24: 'VHOST_USER_GET_CONFIG',
  25: 'VHOST_USER_SET_CONFIG',
  39: 'VHOST_USER_SET_STATUS',
  40: 'VHOST_USER_GET_STATUS',
};

/** Size of the era's name table: 19.11 VHOST_USER_MAX = 33; 22.11 RTE_DIM(vhost_message_handlers) = 41. */
export const DPDK_REQUEST_TABLE_SIZE: Readonly<Record<DpdkEra, number>> = { '19.11': 33, '22.11': 41 };

/** VHOST_USER_IOTLB_MSG: its "read message" line is DEBUG, not INFO, in both eras (it is frequent). */
const IOTLB_MSG = 22;

/**
 * The name DPDK prints for a front-end request, or undefined when the era has no entry
 * (then DPDK logs "External request %d" / "external request %d" at DEBUG instead).
 * Id 0 (VHOST_USER_NONE) has an entry but is never printed: DPDK requires request > NONE.
 */
export function dpdkRequestName(era: DpdkEra, request: number): string | undefined {
  const table = era === '19.11' ? NAMES_19_11 : NAMES_22_11;
  return Object.prototype.hasOwnProperty.call(table, request) ? table[request] : undefined;
}

/** The prefix every VHOST_CONFIG line carries in the era (22.07+ adds the socket path). */
export function dpdkConfigPrefix(era: DpdkEra, sockPath: string): string {
  return era === '19.11' ? 'VHOST_CONFIG: ' : `VHOST_CONFIG: (${sockPath}) `;
}

/** A VHOST_CONFIG line at `level` in the era's format. */
export function dpdkConfigLine(era: DpdkEra, sockPath: string, level: DpdkLogLevel, message: string): DpdkLogLine {
  return { level, text: dpdkConfigPrefix(era, sockPath) + message };
}

/** C's `%d` of a value stored in a uint32_t: the bits reinterpreted as a signed int. */
export function cInt(u32: number): number {
  return u32 | 0;
}

/**
 * The line `vhost_user_msg_handler` prints once a message has been read in full:
 * INFO `read message VHOST_USER_*` (DEBUG for IOTLB_MSG), or DEBUG
 * `External request %d` (19.11) / `external request %d` (22.11) for ids without a name.
 */
export function dpdkReadMessageLog(era: DpdkEra, request: number, sockPath: string): DpdkLogLine {
  const u = request >>> 0;
  const name = u > 0 && u < DPDK_REQUEST_TABLE_SIZE[era] ? dpdkRequestName(era, u) : undefined;
  if (name === undefined) {
    return dpdkConfigLine(era, sockPath, 'DEBUG', `${era === '19.11' ? 'External' : 'external'} request ${cInt(u)}`);
  }
  return dpdkConfigLine(era, sockPath, u === IOTLB_MSG ? 'DEBUG' : 'INFO', `read message ${name}`);
}
