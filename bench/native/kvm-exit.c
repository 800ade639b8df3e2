/*
 * What a virtio doorbell write costs a vCPU on a real KVM: a tiny real-mode
 * guest writes a KVM_IOEVENTFD address 65,535 times (loop), then halts. The
 * write exits, KVM matches the ioeventfd inside the host kernel and signals
 * the eventfd, and the vCPU re-enters: no exit to user space (checked). Fast
 * MMIO (a length-0 ioeventfd, as QEMU registers a modern virtio-pci notify
 * region) and PIO (a legacy doorbell, datamatch-free here). Prints one JSON
 * line: the best ns per write over `runs` runs, or why it could not measure.
 *
 * usage: kvm-exit [runs]
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define WRITES 65535
#define DOORBELL_PIO 0x10
#define DOORBELL_MMIO 0x2000 /* outside the guest's only memory slot (0..0xfff) */

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static void fail(const char *what) {
  printf("{\"ok\":false,\"message\":\"%s: %s\"}\n", what, strerror(errno));
  exit(0);
}

/* Real-mode code: mov dx/bx, doorbell; mov cx, 65535; 1: out dx, ax | mov [bx], ax; loop 1b; hlt */
static const uint8_t PIO_CODE[] = {0xBA, DOORBELL_PIO, 0x00, 0xB9, 0xFF, 0xFF, 0xEF, 0xE2, 0xFD, 0xF4};
static const uint8_t MMIO_CODE[] = {0xBB, DOORBELL_MMIO & 0xff, DOORBELL_MMIO >> 8, 0xB9, 0xFF, 0xFF, 0x89, 0x07, 0xE2, 0xFC, 0xF4};

static double measure(int kvm, int mmio, int runs, uint64_t *signals) {
  int vm = ioctl(kvm, KVM_CREATE_VM, 0);
  if (vm < 0) fail("KVM_CREATE_VM");
  uint8_t *mem = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) fail("mmap");
  if (mmio) memcpy(mem, MMIO_CODE, sizeof MMIO_CODE);
  else memcpy(mem, PIO_CODE, sizeof PIO_CODE);
  struct kvm_userspace_memory_region slot = {.slot = 0, .guest_phys_addr = 0, .memory_size = 0x1000, .userspace_addr = (uintptr_t)mem};
  if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &slot) < 0) fail("KVM_SET_USER_MEMORY_REGION");
  int efd = eventfd(0, EFD_NONBLOCK);
  if (efd < 0) fail("eventfd");
  struct kvm_ioeventfd io = {.addr = mmio ? DOORBELL_MMIO : DOORBELL_PIO, .len = mmio ? 0 : 2, .fd = efd, .flags = mmio ? 0 : KVM_IOEVENTFD_FLAG_PIO};
  if (ioctl(vm, KVM_IOEVENTFD, &io) < 0) fail("KVM_IOEVENTFD");
  int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
  if (vcpu < 0) fail("KVM_CREATE_VCPU");
  int size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
  struct kvm_run *run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
  if (run == MAP_FAILED) fail("mmap kvm_run");
  struct kvm_sregs sregs;
  if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0) fail("KVM_GET_SREGS");
  sregs.cs.base = sregs.cs.selector = 0;
  sregs.ds.base = sregs.ds.selector = 0;
  if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0) fail("KVM_SET_SREGS");
  double best = 1e18;
  for (int r = 0; r < runs; r++) {
    struct kvm_regs regs = {.rip = 0, .rflags = 2};
    if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0) fail("KVM_SET_REGS");
    double t0 = now_ns();
    if (ioctl(vcpu, KVM_RUN, 0) < 0) fail("KVM_RUN");
    double ns = (now_ns() - t0) / WRITES;
    if (run->exit_reason != KVM_EXIT_HLT) {
      errno = 0;
      printf("{\"ok\":false,\"message\":\"KVM_RUN returned exit reason %u, not HLT: a doorbell write reached user space\"}\n", run->exit_reason);
      exit(0);
    }
    if (ns < best) best = ns;
  }
  uint64_t n = 0;
  if (read(efd, &n, sizeof n) != sizeof n) fail("read eventfd");
  *signals = n;
  close(vcpu), close(efd), close(vm);
  return best;
}

int main(int argc, char **argv) {
  int runs = argc > 1 ? atoi(argv[1]) : 10;
  if (runs < 1) runs = 1;
  int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (kvm < 0) fail("open /dev/kvm");
  if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) fail("KVM_GET_API_VERSION");
  uint64_t mmioSignals = 0, pioSignals = 0;
  double mmio = measure(kvm, 1, runs, &mmioSignals);
  double pio = measure(kvm, 0, runs, &pioSignals);
  int ok = mmioSignals == (uint64_t)runs * WRITES && pioSignals == (uint64_t)runs * WRITES;
  printf("{\"ok\":%s,\"mmioNs\":%.1f,\"pioNs\":%.1f,\"writes\":%d,\"runs\":%d,\"message\":\"eventfd counts %llu and %llu, expected %llu\"}\n", ok ? "true" : "false", mmio, pio,
         WRITES, runs, (unsigned long long)mmioSignals, (unsigned long long)pioSignals, (unsigned long long)runs * WRITES);
  return 0;
}
