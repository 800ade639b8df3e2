/**
 * The beats of the vhost-user walkthrough: the control channel (a unix socket
 * between QEMU and the back-end), each message as it is written and read
 * (with its exact bytes and the fds that travel with it), DPDK's handlers
 * applying a message to the device, the application callbacks (OVS), the
 * lines each side prints, and the PMD's data path on the guest's rings.
 * events.ts joins these into the one catalog.
 */

/** Which process of the vhost-user pair acts: QEMU (the front-end) or the DPDK vhost library inside OVS (the back-end). */
export type VuSide = 'qemu' | 'dpdk';

/** The device state a DPDK handler changed (one per handler in lib/vhost/vhost_user.c). */
export type VuApplyWhat =
  | 'features'
  | 'protocol-features'
  | 'owner'
  | 'reset-owner'
  | 'mem-table'
  | 'vring-num'
  | 'vring-addr'
  | 'vring-base'
  | 'vring-kick'
  | 'vring-call'
  | 'vring-err'
  | 'vring-enable'
  | 'vring-stop'
  | 'queue-num'
  | 'backend-req-fd'
  | 'mtu'
  | 'status'
  | 'log-base';

/** What QEMU's vhost code recorded about the back-end (struct vhost_dev / vhost_virtqueue / NetVhostUserState). */
export type VuQemuWhat = 'features' | 'protocol-features' | 'queue-num' | 'max-mem-slots' | 'vring-base' | 'started' | 'stopped' | 'chr-opened' | 'chr-closed';

export interface VhostUserEventFields {
  /** A socket operation: listen (bind + listen), connect (or its failure), accept, close, or hang-up seen by poll. */
  vu_socket: { who: VuSide; op: 'listen' | 'connect' | 'connect-failed' | 'accept' | 'close' | 'hup'; path: string; fd: number; errno: number | null };
  /** One vhost-user message written (sendmsg): its bytes exactly as sent (hex), and the sender's own numbers of the fds it carries. `msg` pairs it with its vu_recv. */
  vu_send: { from: VuSide; msg: number; fd: number; request: number; name: string; flags: number; size: number; hex: string; fds: number[]; reply: boolean };
  /** The other side read that message (recvmsg): the fd numbers the kernel installed in the receiver's table, in the order sent. */
  vu_recv: { by: VuSide; msg: number; fd: number; request: number; name: string; flags: number; size: number; fds: number[]; reply: boolean };
  /** The walkthrough's fault switch made the front-end's next message malformed (not QEMU behaviour: a stand-in for a buggy or hostile front-end); `fault` names the defect. */
  vu_fault_injected: { request: number; name: string; fault: 'fd-count' | 'vring-index' | 'size-too-large' | 'unhandled-request' | 'region-overflow' };
  /** DPDK refused a message: why, and whether it closes the connection (the device is destroyed) or acks a failure (NEED_REPLY). */
  vu_reject: { msg: number; request: number; name: string; error: string; closes: boolean; nack: boolean };
  /** A line DPDK's vhost library printed, exactly as that era prints it. */
  dpdk_log: { level: 'ERR' | 'WARNING' | 'NOTICE' | 'INFO' | 'DEBUG'; text: string };
  /** A line QEMU printed (info_report, warn_report or error_report). */
  qemu_log: { level: 'info' | 'warning' | 'error'; text: string };
  /** A DPDK handler applied a message to the device (struct virtio_net / vhost_virtqueue): what changed, its new value as text, an fd installed and the old one it closed. */
  vu_apply: { request: number; name: string; vring: number | null; what: VuApplyWhat; value: string; fd: number | null; closed: number | null };
  /** QEMU's vhost code recorded something about the back-end or the connection. */
  vu_qemu_state: { what: VuQemuWhat; queuePair: number; vring: number | null; value: string };
  /** The DPDK library called the application (OVS's vhost device ops): new_device, destroy_device, vring_state_changed. */
  vu_notify_app: { op: 'new_device' | 'destroy_device' | 'vring_state_changed'; vid: number; vring: number | null; enable: boolean | null };
  /** PMD: rte_vhost_dequeue_burst took `count` buffers from a guest TX ring (`heads` are their descriptor heads). */
  dpdk_dequeue: { vring: number; count: number; heads: number[]; lastAvail: number; availIdx: number };
  /** PMD: rte_vhost_enqueue_burst copied `count` frames into guest RX buffers and published the used index. */
  dpdk_enqueue: { vring: number; count: number; heads: number[]; lastUsed: number };
  /** vhost_vring_call_split: whether the guest wants an interrupt (event idx or the NO_INTERRUPT flag) and, if so, the write to the call fd. */
  dpdk_vring_call: { vring: number; fd: number; signal: boolean; reason: 'event-idx' | 'flags'; oldUsed: number; newUsed: number; usedEvent: number | null };
}
