// Why: the bare JS baseline — bench/native/ring.c's split-ring driver/device in plain JS over a SharedArrayBuffer with Atomics "eventfds"; runs unchanged in worker_threads and Web Workers, for the bench and the playground alike (one copy).
/*
 * Same layout as the C ring (legacy vring_init, align 4096): descriptor table at 0, avail ring after it,
 * used ring and packet data each on the next 4 KiB boundary, one 64-byte packet slot per descriptor.
 * After the data: a control block (start barrier, the two "eventfds", each in its own 64-byte line)
 * and a result block where each side leaves its counters for verify().
 */

export const MODES = ['evidx', 'flags', 'every', 'poll'];
const EVIDX = 0, FLAGS = 1, EVERY = 2, POLL = 3;
const PKT = 64, WORDS = 16, GOLDEN = 0x9e3779b1 | 0;
const NO_INTERRUPT = 1, NO_NOTIFY = 1;
// Control block, in Int32 units from `ctl`: barrier, kick fd, call fd (16 ints = 64 B apart).
const BARRIER = 0, KICKFD = 16, CALLFD = 32, CTL_INTS = 48;
// Result block, Float64 per side: count, notifies, waits, idSum, csum, bad, ms.
const R_COUNT = 0, R_NOTIFIES = 1, R_WAITS = 2, R_IDSUM = 3, R_CSUM = 4, R_BAD = 5, R_MS = 6, R_FIELDS = 8;

const align = (x, a) => (x + a - 1) & ~(a - 1);

/** Byte offsets for a ring of `qsize` descriptors. */
export function layout(qsize) {
  const avail = qsize * 16;
  const used = align(avail + 6 + 2 * qsize, 4096);
  const data = align(used + 6 + 8 * qsize, 4096);
  const ctl = data + qsize * PKT;
  const result = ctl + CTL_INTS * 4;
  return { avail, used, data, ctl, result, size: result + 2 * R_FIELDS * 8 };
}

/** A zeroed shared block for one run. cfg: { mode, buffers, qsize, inflight?, lat? } */
export function createRing(cfg) {
  return new SharedArrayBuffer(layout(cfg.qsize).size);
}

function views(sab, qsize) {
  const L = layout(qsize);
  return {
    L,
    u16: new Uint16Array(sab),
    i32: new Int32Array(sab),
    ctl: new Int32Array(sab, L.ctl, CTL_INTS),
    res: new Float64Array(sab, L.result, 2 * R_FIELDS),
  };
}

// "eventfd": signal adds to the count and wakes one waiter; wait takes and resets the count, sleeping while it is 0.
function signalFd(ctl, fd) {
  Atomics.add(ctl, fd, 1);
  Atomics.notify(ctl, fd, 1);
}
function waitFd(ctl, fd) {
  while (Atomics.exchange(ctl, fd, 0) === 0) Atomics.wait(ctl, fd, 0);
}
function barrier(ctl) {
  const n = Atomics.add(ctl, BARRIER, 1) + 1;
  if (n === 2) Atomics.notify(ctl, BARRIER);
  else while (Atomics.load(ctl, BARRIER) < 2) Atomics.wait(ctl, BARRIER, n);
}
const needEvent = (event, newIdx, old) => ((newIdx - event - 1) & 0xffff) < ((newIdx - old) & 0xffff);

/** The driver side: adds `buffers` packets and reclaims them. Returns per-round times (µs) when cfg.lat. */
export function runDriver(sab, cfg) {
  const { L, u16, i32, ctl, res } = views(sab, cfg.qsize);
  const mode = MODES.indexOf(cfg.mode), q = cfg.qsize, n = cfg.buffers, maxOut = cfg.inflight ?? q;
  const availFlags = L.avail >> 1, availIdx = availFlags + 1, availRing = availFlags + 2, usedEvent = availRing + q;
  const usedFlags = L.used >> 1, usedIdx = usedFlags + 1, usedRing32 = (L.used + 4) >> 2, availEvent = (L.used + 4 + 8 * q) >> 1;
  const data32 = L.data >> 2;
  const free = new Uint16Array(q), inflight = new Uint8Array(q), seqOf = new Int32Array(q);
  const lat = cfg.lat ? new Float64Array(Math.max(n - 1, 0)) : null;
  let nfree = q;
  for (let i = 0; i < q; i++) free[i] = q - 1 - i;
  let avail = 0, lastUsed = 0, sent = 0, outstanding = 0, count = 0, notifies = 0, waits = 0, idSum = 0, csum = 0, prev = 0, bad = '';
  if (mode === FLAGS) u16[availFlags] = NO_INTERRUPT;
  barrier(ctl);
  const t0 = performance.now();
  outer: while (count < n) {
    let got = 0, added = 0;
    const ui = Atomics.load(u16, usedIdx);
    for (; lastUsed !== ui; lastUsed = (lastUsed + 1) & 0xffff, got++) {
      const e = usedRing32 + (lastUsed & (q - 1)) * 2;
      const id = i32[e], len = i32[e + 1];
      if (id < 0 || id >= q || !inflight[id] || len !== PKT) {
        bad = `bad used entry id=${id} len=${len}`;
        break outer;
      }
      inflight[id] = 0;
      free[nfree++] = id;
      idSum += seqOf[id];
      count++;
      outstanding--;
    }
    while (nfree > 0 && sent < n && outstanding < maxOut) {
      const id = free[--nfree];
      const seq = sent++;
      const w = data32 + id * WORDS;
      i32[w] = seq;
      let s = seq;
      for (let k = 1; k < WORDS; k++) {
        const v = Math.imul(seq ^ k, GOLDEN);
        i32[w + k] = v;
        s = (s + v) | 0;
      }
      csum = (csum + s) | 0;
      const d = id * 4; // desc as 4 int32: addr lo, addr hi, len, flags|next
      i32[d] = L.data + id * PKT;
      i32[d + 1] = 0;
      i32[d + 2] = PKT;
      i32[d + 3] = 0;
      seqOf[id] = seq;
      inflight[id] = 1;
      u16[availRing + (avail & (q - 1))] = id;
      avail = (avail + 1) & 0xffff;
      outstanding++;
      if (lat !== null) {
        const t = performance.now();
        if (sent > 1) lat[sent - 2] = (t - prev) * 1000;
        prev = t;
      }
      Atomics.store(u16, availIdx, avail); // seq_cst: also the barrier before reading the event/flags
      if (
        mode === EVERY ||
        (mode === EVIDX && needEvent(Atomics.load(u16, availEvent), avail, avail - 1)) ||
        (mode === FLAGS && (Atomics.load(u16, usedFlags) & NO_NOTIFY) === 0)
      ) {
        signalFd(ctl, KICKFD);
        notifies++;
      }
      added++;
    }
    if (got || added) continue;
    if (mode === POLL) continue;
    if (mode === EVIDX) {
      Atomics.store(u16, usedEvent, (lastUsed + ((((avail - lastUsed) & 0xffff) * 3) >> 2)) & 0xffff);
      if (Atomics.load(u16, usedIdx) !== lastUsed) continue;
    } else if (mode === FLAGS) {
      Atomics.store(u16, availFlags, 0);
      if (Atomics.load(u16, usedIdx) !== lastUsed) {
        Atomics.store(u16, availFlags, NO_INTERRUPT);
        continue;
      }
    }
    waits++;
    waitFd(ctl, CALLFD);
    if (mode === FLAGS) Atomics.store(u16, availFlags, NO_INTERRUPT);
  }
  const ms = performance.now() - t0;
  save(res, 0, count, notifies, waits, idSum, csum, bad ? 1 : 0, ms);
  if (bad) signalFd(ctl, KICKFD); // let a sleeping device see the end
  return { ms, bad, lat };
}

/** The device side: pops, validates and checksums every packet, returns it on the used ring. */
export function runDevice(sab, cfg) {
  const { L, u16, i32, ctl, res } = views(sab, cfg.qsize);
  const mode = MODES.indexOf(cfg.mode), q = cfg.qsize, n = cfg.buffers;
  const availFlags = L.avail >> 1, availIdx = availFlags + 1, availRing = availFlags + 2, usedEvent = availRing + q;
  const usedFlags = L.used >> 1, usedIdx = usedFlags + 1, usedRing32 = (L.used + 4) >> 2, availEvent = (L.used + 4 + 8 * q) >> 1;
  const dataEnd = L.data + q * PKT;
  let lastAvail = 0, used = 0, count = 0, notifies = 0, waits = 0, idSum = 0, csum = 0, bad = '';
  barrier(ctl);
  const t0 = performance.now();
  outer: while (count < n && res[R_BAD] === 0) {
    const ai = Atomics.load(u16, availIdx);
    if (ai === lastAvail) {
      if (mode === POLL) continue;
      if (mode === EVIDX) {
        Atomics.store(u16, availEvent, lastAvail);
        if (Atomics.load(u16, availIdx) !== lastAvail) continue;
      } else if (mode === FLAGS) {
        Atomics.store(u16, usedFlags, 0);
        if (Atomics.load(u16, availIdx) !== lastAvail) {
          Atomics.store(u16, usedFlags, NO_NOTIFY);
          continue;
        }
      }
      waits++;
      waitFd(ctl, KICKFD);
      if (mode === FLAGS) Atomics.store(u16, usedFlags, NO_NOTIFY);
      continue;
    }
    for (; lastAvail !== ai; lastAvail = (lastAvail + 1) & 0xffff) {
      const id = u16[availRing + (lastAvail & (q - 1))];
      const d = id * 4;
      const addr = id < q ? i32[d] : -1, hi = id < q ? i32[d + 1] : -1, len = id < q ? i32[d + 2] : -1;
      if (id >= q || hi !== 0 || len !== PKT || addr < L.data || addr + PKT > dataEnd) {
        bad = `bad descriptor id=${id} addr=${addr} len=${len}`;
        break outer;
      }
      const w = addr >> 2;
      let s = 0;
      for (let k = 0; k < WORDS; k++) s = (s + i32[w + k]) | 0;
      csum = (csum + s) | 0;
      idSum += i32[w];
      const e = usedRing32 + (used & (q - 1)) * 2;
      i32[e] = id;
      i32[e + 1] = PKT;
      used = (used + 1) & 0xffff;
      Atomics.store(u16, usedIdx, used);
      if (
        mode === EVERY ||
        (mode === EVIDX && needEvent(Atomics.load(u16, usedEvent), used, used - 1)) ||
        (mode === FLAGS && (Atomics.load(u16, availFlags) & NO_INTERRUPT) === 0)
      ) {
        signalFd(ctl, CALLFD);
        notifies++;
      }
      count++;
    }
  }
  const ms = performance.now() - t0;
  save(res, R_FIELDS, count, notifies, waits, idSum, csum, bad ? 1 : 0, ms);
  return { ms, bad };
}

function save(res, at, count, notifies, waits, idSum, csum, bad, ms) {
  res[at + R_COUNT] = count;
  res[at + R_NOTIFIES] = notifies;
  res[at + R_WAITS] = waits;
  res[at + R_IDSUM] = idSum;
  res[at + R_CSUM] = csum;
  res[at + R_MS] = ms;
  res[at + R_BAD] = bad; // last: the device polls it
}

/** After both sides finished: counts, id sums and payload checksums must agree (every buffer exactly once, intact). */
export function verify(sab, cfg) {
  const { res } = views(sab, cfg.qsize);
  const n = cfg.buffers, expect = (n * (n - 1)) / 2;
  const side = (at) => ({
    count: res[at + R_COUNT], notifies: res[at + R_NOTIFIES], waits: res[at + R_WAITS],
    idSum: res[at + R_IDSUM], csum: res[at + R_CSUM] >>> 0, bad: res[at + R_BAD], ms: res[at + R_MS],
  });
  const drv = side(0), dev = side(R_FIELDS);
  let message = '';
  if (drv.bad || dev.bad) message = `${drv.bad ? 'driver' : 'device'} saw a bad entry`;
  else if (drv.count !== n || dev.count !== n) message = `count driver=${drv.count} device=${dev.count}`;
  else if (drv.idSum !== expect || dev.idSum !== expect) message = `id sum driver=${drv.idSum} device=${dev.idSum} expected=${expect}`;
  else if (drv.csum !== dev.csum) message = `payload checksum driver=${drv.csum} device=${dev.csum}`;
  const ok = message === '';
  if (ok) message = `${n} buffers, each exactly once, payload checksum ${dev.csum.toString(16).padStart(8, '0')}`;
  return { ok, message, ms: drv.ms, kicks: drv.notifies, calls: dev.notifies, driverWaits: drv.waits, deviceWaits: dev.waits };
}

/** Median, mean and p99 of per-round times (µs). */
export function latencyStats(lat) {
  const a = Float64Array.from(lat).sort();
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i];
  return { rttMedianUs: a[a.length >> 1], rttMeanUs: sum / a.length, rttP99Us: a[Math.floor(a.length * 0.99)] };
}
