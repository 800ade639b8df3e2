/**
 * The device descriptions against QEMU 7.2's realize functions: queue order
 * and sizes, the vectors default, features and ids.
 */
import { describe, expect, it } from 'vitest';
import { DEV_NVECTORS_UNSPECIFIED, virtioBalloonPci, virtioNetPci } from './virtio-devices';

describe('virtio-net-pci (virtio_net_device_realize, virtio_net_pci_realize)', () => {
  it('one pair: receiveq1, transmitq1, controlq (256, 256, 64) and vectors = 2*1 + 2', () => {
    const d = virtioNetPci();
    expect(d.queues.map((q) => [q.name, q.driverName, q.size])).toEqual([
      ['receiveq1', 'input.0', 256],
      ['transmitq1', 'output.0', 256],
      ['controlq', 'control', 64],
    ]);
    expect(d.vectors).toBe(4);
    expect(virtioNetPci({ vectors: DEV_NVECTORS_UNSPECIFIED }).vectors).toBe(4);
    expect(virtioNetPci({ vectors: 3 }).vectors).toBe(3);
  });

  it('N pairs: rx/tx interleaved, then the control queue; vectors 2N + 2; MQ offered', () => {
    const d = virtioNetPci({ queuePairs: 2 });
    expect(d.queues.map((q) => q.name)).toEqual(['receiveq1', 'transmitq1', 'receiveq2', 'transmitq2', 'controlq']);
    expect(d.vectors).toBe(6);
    expect((d.hostFeatures >> 22n) & 1n).toBe(1n);
    expect((virtioNetPci().hostFeatures >> 22n) & 1n).toBe(0n);
  });

  it('offers VERSION_1, EVENT_IDX, MRG_RXBUF, CTRL_VQ; ids 0x1af4:0x1000 / 0x1041', () => {
    const f = virtioNetPci().hostFeatures;
    for (const b of [32n, 29n, 15n, 17n, 5n]) expect((f >> b) & 1n).toBe(1n);
    expect([virtioNetPci().transitionalDeviceId, virtioNetPci().modernDeviceId]).toEqual([0x1000, 0x1041]);
  });
});

describe('virtio-balloon-pci (virtio_balloon_device_realize)', () => {
  it('with free-page-hint and free-page-reporting on: five queues, no MSI-X vectors', () => {
    const d = virtioBalloonPci();
    expect(d.queues.map((q) => [q.name, q.size])).toEqual([
      ['inflateq', 128],
      ['deflateq', 128],
      ['statsq', 128],
      ['free_page_vq', 1024],
      ['reporting_vq', 32],
    ]);
    expect(d.vectors).toBe(0);
    expect([d.transitionalDeviceId, d.modernDeviceId]).toEqual([0x1002, 0x1045]);
  });

  it('with the 7.2 defaults (both off): inflate, deflate, stats only; STATS_VQ always offered', () => {
    const d = virtioBalloonPci({});
    expect(d.queues.map((q) => q.name)).toEqual(['inflateq', 'deflateq', 'statsq']);
    expect((d.hostFeatures >> 1n) & 1n).toBe(1n);
    expect((d.hostFeatures >> 3n) & 1n).toBe(0n);
  });
});
