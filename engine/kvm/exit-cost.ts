/**
 * What one virtio doorbell write cost a vCPU on the machine this project was
 * built on (2 vCPUs of a Xeon at 2.1 GHz, Linux KVM): a guest writing an
 * address registered with KVM_IOEVENTFD on the fast-MMIO bus (as QEMU
 * registers a modern virtio-pci notify region), 65,535 writes per KVM_RUN:
 * 630–730 ns each (best of 10 runs, in six runs of bench/native/kvm-exit.c;
 * median about 690 ns). A PIO doorbell took 520–610 ns; a write that exits to
 * user space about 8 µs. `npm run bench -- --only f` measures it again.
 * The model computes KVM's exit handler but not the hardware's world switch,
 * so a free run that should pay for it spends this long in a busy loop.
 */
export const KVM_DOORBELL_EXIT_NS = 700;
