/**
 * The words for a row of the sequence diagram: a short label drawn on the
 * arrow (names from the sources, the same in both languages) and the
 * accessible name a screen reader announces for it, e.g. "Message 7: QEMU to
 * DPDK, VHOST_USER_SET_VRING_KICK, fd 31 → 45".
 */
import type { Lang } from '@/content/types';
import { statusNames } from '../pci/config-space';
import { t1 } from '../i18n/ui-text';
import type { MessageRow, SequenceRow } from './sequence-model';

const SIDE = { qemu: 'QEMU', dpdk: 'DPDK' } as const;
const hexN = (n: number) => `0x${n.toString(16)}`;

/** The request's name without the VHOST_USER_ prefix every one shares (the diagram is narrow). */
export function shortName(name: string): string {
  return name.replace(/^VHOST_USER_/, '');
}

/** The receiver's numbers for the passed fds, once it has read the message by `step` (null before). */
export function receivedFds(row: MessageRow, step: number): readonly number[] | null {
  return row.recvStep !== null && row.recvStep <= step ? row.recvFds : null;
}

/** Each passed fd as "sender → receiver" at `step` ("fd 31 → 45"; the receiver's number unknown until read). */
export function fdPairs(row: MessageRow, lang: Lang, step: number): string[] {
  const got = receivedFds(row, step);
  return row.sendFds.map((fd, i) => `fd ${fd} → ${got?.[i] ?? t1('fdNotRead', lang)}`);
}

/** What a screen reader says for a message row at `step`. */
export function messageLabel(row: MessageRow, lang: Lang, step: number): string {
  const sep = lang === 'zh' ? '，' : ', ';
  const head = `${t1('vuMessage', lang)} ${row.msg}${lang === 'zh' ? '：' : ': '}${SIDE[row.from]} ${t1('vuTo', lang)} ${SIDE[row.to]}`;
  const parts = [head, row.name, ...(row.reply ? [t1('vuReplyWord', lang)] : []), ...fdPairs(row, lang, step)];
  if (row.rejected && row.rejected.step <= step) parts.push(t1('vuStage_rejected', lang));
  return parts.join(sep);
}

/** The text drawn on a row's arrow or note. */
export function rowText(row: SequenceRow): string {
  switch (row.kind) {
    case 'message':
      return `${shortName(row.name)}${row.sendFds.length ? ` [fd ${row.sendFds.join(',')}]` : ''}`;
    case 'socket':
      return `${row.op} (fd ${row.fd})`;
    case 'status': {
      const names = statusNames(row.value);
      return `status ${hexN(row.value)}${names.length ? ` (${names[names.length - 1]})` : ' (reset)'}`;
    }
    case 'app':
      return row.op === 'vring_state_changed' ? `vring_state_changed(${row.vring}, ${row.enable ? 1 : 0})` : `${row.op}()`;
    case 'kick':
      return `kick vring ${row.vring}`;
    case 'call':
      return `call vring ${row.vring} (fd ${row.fd})`;
    case 'dequeue':
    case 'enqueue':
      return `${row.kind} ${row.count} @ vring ${row.vring}`;
  }
}

/** What a screen reader says for any row at `step`. */
export function rowLabel(row: SequenceRow, lang: Lang, step: number): string {
  if (row.kind === 'message') return messageLabel(row, lang, step);
  if (row.kind === 'status') return `${t1('lane_guest', lang)} → QEMU: device_status = ${hexN(row.value)} (${statusNames(row.value).join(' | ') || 'reset'})`;
  if (row.kind === 'socket') return `${SIDE[row.side]}: ${row.op} ${row.path} (fd ${row.fd})`;
  return rowText(row);
}
