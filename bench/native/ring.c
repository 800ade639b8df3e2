/* Why: the native baseline — the same split-ring driver/device as bare-ring/ring.mjs, in C over shared memory with eventfds and pthreads. */
/*
 * usage: ring <evidx|flags|every|poll> <buffers> [qsize] [inflight] [lat]
 * Prints one JSON line. `inflight` caps the buffers outstanding (1 = single-buffer round trips);
 * `lat` also records the time between consecutive adds (one round trip each) and reports median/mean/p99.
 * Layout (legacy vring_init, align 4096): desc table at 0, avail ring after it, used ring and
 * packet data each on the next 4 KiB boundary; one 64-byte packet slot per descriptor.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

enum { M_EVIDX, M_FLAGS, M_EVERY, M_POLL };
#define PKT 64
#define WORDS (PKT / 4)
#define GOLDEN 0x9E3779B1u
#define AVAIL_F_NO_INTERRUPT 1
#define USED_F_NO_NOTIFY 1

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
struct used_elem { uint32_t id, len; };

static int mode, qsize, inflight_max, want_lat;
static long long nbuf;
static uint8_t *mem;
static struct desc *descs;
static uint16_t *avail; /* flags, idx, ring[q], used_event */
static uint16_t *used;  /* flags, idx, then ring of used_elem, then avail_event */
static struct used_elem *used_ring;
static uint32_t data_off;
static int kickfd, callfd;
static pthread_barrier_t start;

#define AVAIL_FLAGS (&avail[0])
#define AVAIL_IDX (&avail[1])
#define USED_EVENT (&avail[2 + qsize])
#define USED_FLAGS (&used[0])
#define USED_IDX (&used[1])
#define AVAIL_EVENT ((uint16_t *)(used_ring + qsize))

static inline void mb(void) {
#if defined(__x86_64__)
  __asm__ __volatile__("lock; addl $0,-132(%%rsp)" ::: "memory", "cc"); /* Linux virtio_mb on x86 */
#else
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}
static inline void cpu_relax(void) {
#if defined(__x86_64__)
  __builtin_ia32_pause();
#endif
}
static inline uint16_t ld(uint16_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline void st(uint16_t *p, uint16_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline int need_event(uint16_t event, uint16_t new_idx, uint16_t old) {
  return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}
static inline double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}
static void signal_fd(int fd) {
  uint64_t one = 1;
  if (write(fd, &one, 8) != 8) { perror("eventfd write"); exit(2); }
}
static void wait_fd(int fd) {
  uint64_t v;
  while (read(fd, &v, 8) != 8)
    if (errno != EINTR) { perror("eventfd read"); exit(2); }
}

struct side { long long count, notifies, waits; uint64_t id_sum; uint32_t csum; int bad; char why[128]; double ms; };
static struct side drv, dev;
static double *lat_ns;

static void *driver(void *arg) {
  (void)arg;
  uint16_t *free_ids = malloc(qsize * sizeof *free_ids);
  uint8_t *inflight = calloc(qsize, 1);
  uint32_t *seq_of = malloc(qsize * sizeof *seq_of);
  int nfree = qsize;
  for (int i = 0; i < qsize; i++) free_ids[i] = (uint16_t)(qsize - 1 - i);
  uint16_t avail_idx = 0, last_used = 0;
  long long sent = 0, outstanding = 0;
  double prev = 0;
  if (mode == M_FLAGS) *AVAIL_FLAGS = AVAIL_F_NO_INTERRUPT;
  pthread_barrier_wait(&start);
  double t0 = now_ns();
  while (drv.count < nbuf) {
    int got = 0, added = 0;
    uint16_t ui = ld(USED_IDX);
    for (; last_used != ui; last_used++, got++) {
      struct used_elem e = used_ring[last_used % qsize];
      if (e.id >= (uint32_t)qsize || !inflight[e.id] || e.len != PKT) {
        drv.bad = 1;
        snprintf(drv.why, sizeof drv.why, "bad used entry id=%u len=%u inflight=%d", e.id, e.len, e.id < (uint32_t)qsize ? inflight[e.id] : -1);
        goto out;
      }
      inflight[e.id] = 0;
      free_ids[nfree++] = (uint16_t)e.id;
      drv.id_sum += seq_of[e.id];
      drv.count++;
      outstanding--;
    }
    while (nfree > 0 && sent < nbuf && outstanding < inflight_max) {
      uint16_t id = free_ids[--nfree];
      uint32_t seq = (uint32_t)sent++;
      uint32_t *w = (uint32_t *)(mem + data_off + (uint32_t)id * PKT);
      w[0] = seq;
      for (uint32_t k = 1; k < WORDS; k++) w[k] = (seq ^ k) * GOLDEN;
      for (uint32_t k = 0; k < WORDS; k++) drv.csum += w[k];
      descs[id] = (struct desc){ data_off + (uint64_t)id * PKT, PKT, 0, 0 };
      seq_of[id] = seq;
      inflight[id] = 1;
      avail[2 + avail_idx % qsize] = id;
      avail_idx++;
      outstanding++;
      if (want_lat) {
        double t = now_ns();
        if (sent > 1) lat_ns[sent - 2] = t - prev;
        prev = t;
      }
      st(AVAIL_IDX, avail_idx);
      mb();
      int kick = mode == M_EVERY || (mode == M_EVIDX && need_event(__atomic_load_n(AVAIL_EVENT, __ATOMIC_RELAXED), avail_idx, (uint16_t)(avail_idx - 1))) ||
                 (mode == M_FLAGS && !(__atomic_load_n(USED_FLAGS, __ATOMIC_RELAXED) & USED_F_NO_NOTIFY));
      if (kick) { signal_fd(kickfd); drv.notifies++; }
      added++;
    }
    if (got || added) continue;
    if (mode == M_POLL) { cpu_relax(); continue; }
    if (mode == M_EVIDX) {
      __atomic_store_n(USED_EVENT, (uint16_t)(last_used + (uint16_t)(avail_idx - last_used) * 3 / 4), __ATOMIC_RELAXED);
      mb();
      if (ld(USED_IDX) != last_used) continue;
    } else if (mode == M_FLAGS) {
      __atomic_store_n(AVAIL_FLAGS, 0, __ATOMIC_RELAXED);
      mb();
      if (ld(USED_IDX) != last_used) { *AVAIL_FLAGS = AVAIL_F_NO_INTERRUPT; continue; }
    }
    drv.waits++;
    wait_fd(callfd);
    if (mode == M_FLAGS) __atomic_store_n(AVAIL_FLAGS, AVAIL_F_NO_INTERRUPT, __ATOMIC_RELAXED);
  }
out:
  drv.ms = (now_ns() - t0) / 1e6;
  if (drv.bad) signal_fd(kickfd); /* let a sleeping device see the end */
  return NULL;
}

static void *device(void *arg) {
  (void)arg;
  uint16_t last_avail = 0, used_idx = 0;
  if (mode == M_FLAGS) *USED_FLAGS = 0;
  pthread_barrier_wait(&start);
  while (dev.count < nbuf && !__atomic_load_n(&drv.bad, __ATOMIC_RELAXED)) {
    uint16_t ai = ld(AVAIL_IDX);
    if (ai == last_avail) {
      if (mode == M_POLL) { cpu_relax(); continue; }
      if (mode == M_EVIDX) {
        __atomic_store_n(AVAIL_EVENT, last_avail, __ATOMIC_RELAXED);
        mb();
        if (ld(AVAIL_IDX) != last_avail) continue;
      } else if (mode == M_FLAGS) {
        __atomic_store_n(USED_FLAGS, 0, __ATOMIC_RELAXED);
        mb();
        if (ld(AVAIL_IDX) != last_avail) { *USED_FLAGS = USED_F_NO_NOTIFY; continue; }
      }
      dev.waits++;
      wait_fd(kickfd);
      if (mode == M_FLAGS) __atomic_store_n(USED_FLAGS, USED_F_NO_NOTIFY, __ATOMIC_RELAXED);
      continue;
    }
    for (; last_avail != ai; last_avail++) {
      uint32_t id = avail[2 + last_avail % qsize];
      struct desc d = id < (uint32_t)qsize ? descs[id] : (struct desc){ 0 };
      if (id >= (uint32_t)qsize || d.len != PKT || d.addr < data_off || d.addr + PKT > data_off + (uint64_t)qsize * PKT) {
        dev.bad = 1;
        snprintf(dev.why, sizeof dev.why, "bad descriptor id=%u addr=%llu len=%u", id, (unsigned long long)d.addr, d.len);
        return NULL;
      }
      const uint32_t *w = (const uint32_t *)(mem + d.addr);
      uint32_t s = 0;
      for (uint32_t k = 0; k < WORDS; k++) s += w[k];
      dev.csum += s;
      dev.id_sum += w[0];
      used_ring[used_idx % qsize] = (struct used_elem){ id, PKT };
      used_idx++;
      st(USED_IDX, used_idx);
      mb();
      int call = mode == M_EVERY || (mode == M_EVIDX && need_event(__atomic_load_n(USED_EVENT, __ATOMIC_RELAXED), used_idx, (uint16_t)(used_idx - 1))) ||
                 (mode == M_FLAGS && !(__atomic_load_n(AVAIL_FLAGS, __ATOMIC_RELAXED) & AVAIL_F_NO_INTERRUPT));
      if (call) { signal_fd(callfd); dev.notifies++; }
      dev.count++;
    }
  }
  return NULL;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  static const char *names[] = { "evidx", "flags", "every", "poll" };
  if (argc < 3) { fprintf(stderr, "usage: ring <evidx|flags|every|poll> <buffers> [qsize] [inflight] [lat]\n"); return 2; }
  mode = -1;
  for (int i = 0; i < 4; i++) if (!strcmp(argv[1], names[i])) mode = i;
  nbuf = atoll(argv[2]);
  qsize = argc > 3 ? atoi(argv[3]) : 256;
  inflight_max = argc > 4 ? atoi(argv[4]) : qsize;
  want_lat = argc > 5 && !strcmp(argv[5], "lat");
  if (mode < 0 || nbuf < 1 || qsize < 1 || qsize > 32768 || (qsize & (qsize - 1)) || inflight_max < 1) { fprintf(stderr, "bad arguments\n"); return 2; }

  uint32_t avail_off = (uint32_t)qsize * 16;
  uint32_t used_off = (avail_off + 6 + 2u * qsize + 4095) & ~4095u;
  data_off = (used_off + 6 + 8u * qsize + 4095) & ~4095u;
  size_t total = data_off + (size_t)qsize * PKT;
  mem = aligned_alloc(4096, (total + 4095) & ~(size_t)4095);
  memset(mem, 0, total);
  descs = (struct desc *)mem;
  avail = (uint16_t *)(mem + avail_off);
  used = (uint16_t *)(mem + used_off);
  used_ring = (struct used_elem *)(used + 2);
  kickfd = eventfd(0, 0);
  callfd = eventfd(0, 0);
  if (want_lat) lat_ns = calloc(nbuf, sizeof *lat_ns);
  pthread_barrier_init(&start, NULL, 2);

  pthread_t a, b;
  pthread_create(&b, NULL, device, NULL);
  pthread_create(&a, NULL, driver, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);

  uint64_t expect = (uint64_t)nbuf * (uint64_t)(nbuf - 1) / 2;
  char msg[256] = "";
  if (drv.bad) snprintf(msg, sizeof msg, "driver: %s", drv.why);
  else if (dev.bad) snprintf(msg, sizeof msg, "device: %s", dev.why);
  else if (drv.count != nbuf || dev.count != nbuf) snprintf(msg, sizeof msg, "count driver=%lld device=%lld", drv.count, dev.count);
  else if (drv.id_sum != expect || dev.id_sum != expect) snprintf(msg, sizeof msg, "id sum driver=%llu device=%llu expected=%llu", (unsigned long long)drv.id_sum, (unsigned long long)dev.id_sum, (unsigned long long)expect);
  else if (drv.csum != dev.csum) snprintf(msg, sizeof msg, "payload checksum driver=%u device=%u", drv.csum, dev.csum);
  int ok = msg[0] == 0;
  if (ok) snprintf(msg, sizeof msg, "%lld buffers, each exactly once, payload checksum %08x", nbuf, dev.csum);

  printf("{\"impl\":\"c\",\"mode\":\"%s\",\"buffers\":%lld,\"qsize\":%d,\"inflight\":%d,\"ms\":%.3f,\"kicks\":%lld,\"calls\":%lld,"
         "\"driverWaits\":%lld,\"deviceWaits\":%lld,\"ok\":%s,\"message\":\"%s\"",
         names[mode], nbuf, qsize, inflight_max, drv.ms, drv.notifies, dev.notifies, drv.waits, dev.waits, ok ? "true" : "false", msg);
  if (want_lat && nbuf > 1) {
    long long n = nbuf - 1;
    double sum = 0;
    for (long long i = 0; i < n; i++) sum += lat_ns[i];
    qsort(lat_ns, n, sizeof *lat_ns, cmp);
    printf(",\"rttMedianUs\":%.3f,\"rttMeanUs\":%.3f,\"rttP99Us\":%.3f", lat_ns[n / 2] / 1e3, sum / n / 1e3, lat_ns[(long long)(n * 0.99)] / 1e3);
  }
  printf("}\n");
  return ok ? 0 : 1;
}
