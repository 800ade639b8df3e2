// Why: builds and runs bench/native/kvm-exit.c, which measures what a virtio doorbell write (a KVM ioeventfd) costs a vCPU on this machine's KVM.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileC } from './native';

const BIN = fileURLToPath(new URL('../out/kvm-exit', import.meta.url));

export type KvmExit = { ok: true; mmioNs: number; pioNs: number } | { ok: false; why: string };

/** The best ns per doorbell write over `runs` runs of 65,535 writes, fast MMIO and PIO; or why there is no figure (no compiler, no /dev/kvm…). */
export function measureKvmExit(runs = 10): KvmExit {
  const b = compileC('kvm-exit', 'kvm-exit');
  if (!b.ok) return b;
  const r = spawnSync(BIN, [String(runs)], { encoding: 'utf8', timeout: 60_000 });
  try {
    const j = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as { ok: boolean; mmioNs?: number; pioNs?: number; message: string };
    if (!j.ok) return { ok: false, why: `kvm-exit: ${j.message}` };
    return { ok: true, mmioNs: j.mmioNs!, pioNs: j.pioNs! };
  } catch {
    return { ok: false, why: `kvm-exit printed no result (${r.error?.message ?? `status ${r.status}`}): ${r.stderr.trim()}` };
  }
}
