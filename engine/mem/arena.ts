/**
 * One flat byte arena holding every piece of simulated state the UI shows:
 * guest RAM, the host kernel's private structures and the kernel objects
 * (eventfd counters, the LAPIC's pending bits). It lives in a SharedArrayBuffer
 * when the page is cross-origin isolated (so the page reads live bytes and
 * free-run workers share it), else in a plain ArrayBuffer.
 *
 * In step mode every write is logged with its old and new bytes, so a step can
 * be undone and redone exactly: seeking is replaying these logs, not re-running.
 */

/** One logged write: `before` and `after` are the bytes at `off`. */
export interface WriteRecord {
  off: number;
  before: Uint8Array;
  after: Uint8Array;
}

/** Allocate the backing store: shared when the platform allows it. */
export function allocBacking(size: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  return shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size);
}

/** Typed arrays use the platform's byte order; every platform this runs on is little-endian, as virtio's fields are. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
if (!LITTLE_ENDIAN) throw new Error('the engine needs a little-endian platform (virtio fields are little-endian)');

/**
 * The byte arena with little-endian accessors, Atomics on 32-bit slots, and
 * an optional write log. Aligned fields (nearly all: the ring's fields, the
 * private structs) go through the 16- and 32-bit views; only an unaligned
 * one (a fault can put a descriptor anywhere) takes the DataView.
 */
export class Arena {
  readonly u8: Uint8Array;
  readonly dv: DataView;
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  /** 16-bit view for the ring's index, flag and event fields, which both sides must access atomically. */
  readonly u16: Uint16Array;
  private log: WriteRecord[] | null = null;

  constructor(readonly buffer: ArrayBuffer | SharedArrayBuffer) {
    this.u8 = new Uint8Array(buffer);
    this.dv = new DataView(buffer);
    this.i32 = new Int32Array(buffer, 0, buffer.byteLength >> 2);
    this.u32 = new Uint32Array(buffer, 0, buffer.byteLength >> 2);
    this.u16 = new Uint16Array(buffer, 0, buffer.byteLength >> 1);
  }

  /** Whether other agents (the page, other workers) can see this memory live. */
  get shared(): boolean {
    return typeof SharedArrayBuffer !== 'undefined' && this.buffer instanceof SharedArrayBuffer;
  }

  get size(): number {
    return this.u8.length;
  }

  /** Start logging writes (step mode). */
  startLog(): void {
    this.log = [];
  }

  /** Return the writes logged since the last call and keep logging. */
  takeLog(): WriteRecord[] {
    const out = this.log ?? [];
    if (this.log) this.log = [];
    return out;
  }

  /** Stop logging (free-run mode: a write costs nothing extra). */
  stopLog(): void {
    this.log = null;
  }

  /**
   * Logging brackets a write: `beginWrite` takes the old bytes (null when
   * nothing is logged), `endWrite` the new ones. A caller that fills bytes in
   * place through `u8` brackets its writes with the two.
   */
  beginWrite(off: number, len: number): Uint8Array | null {
    return this.log ? this.u8.slice(off, off + len) : null;
  }
  endWrite(off: number, len: number, before: Uint8Array | null): void {
    if (before) this.log!.push({ off, before, after: this.u8.slice(off, off + len) });
  }

  r8(off: number): number {
    return this.u8[off]!;
  }
  r16(off: number): number {
    return off & 1 ? this.dv.getUint16(off, true) : this.u16[off >> 1]!;
  }
  r32(off: number): number {
    return off & 3 ? this.dv.getUint32(off, true) : this.u32[off >> 2]!;
  }
  /** A u64 as a JS number (exact below 2^53; callers treat larger values as out of range). */
  r64(off: number): number {
    return this.r32(off) + this.r32(off + 4) * 0x1_0000_0000;
  }

  // A write is one store when nothing is logged (free-run mode); step mode brackets it with the old and new bytes.
  w8(off: number, v: number): void {
    if (this.log === null) {
      this.u8[off] = v;
      return;
    }
    const b = this.beginWrite(off, 1);
    this.u8[off] = v;
    this.endWrite(off, 1, b);
  }
  w16(off: number, v: number): void {
    const b = this.log === null ? null : this.beginWrite(off, 2);
    if (off & 1) this.dv.setUint16(off, v & 0xffff, true);
    else this.u16[off >> 1] = v;
    if (b) this.endWrite(off, 2, b);
  }
  w32(off: number, v: number): void {
    const b = this.log === null ? null : this.beginWrite(off, 4);
    if (off & 3) this.dv.setUint32(off, v >>> 0, true);
    else this.u32[off >> 2] = v;
    if (b) this.endWrite(off, 4, b);
  }
  w64(off: number, v: number): void {
    const b = this.log === null ? null : this.beginWrite(off, 8);
    const hi = Math.floor(v / 0x1_0000_0000) >>> 0;
    if (off & 3) {
      this.dv.setUint32(off, v >>> 0, true);
      this.dv.setUint32(off + 4, hi, true);
    } else {
      this.u32[off >> 2] = v >>> 0;
      this.u32[(off >> 2) + 1] = hi;
    }
    if (b) this.endWrite(off, 8, b);
  }
  /** Set `len` bytes at `off` to `v`. */
  fill(off: number, len: number, v: number): void {
    const b = this.beginWrite(off, len);
    this.u8.fill(v, off, off + len);
    this.endWrite(off, len, b);
  }
  readBytes(off: number, len: number): Uint8Array {
    return this.u8.slice(off, off + len);
  }
  writeBytes(off: number, bytes: Uint8Array): void {
    const b = this.beginWrite(off, bytes.length);
    this.u8.set(bytes, off);
    this.endWrite(off, bytes.length, b);
  }
  /** Copy `len` bytes within the arena, from `src` to `dst` (memcpy / copy_from_user between two mappings of it): no view is made. */
  copy(dst: number, src: number, len: number): void {
    const b = this.log === null ? null : this.beginWrite(dst, len);
    this.u8.copyWithin(dst, src, src + len);
    if (b) this.endWrite(dst, len, b);
  }

  /**
   * A ring index, flag or event field (byte offset, 2-aligned), read or written
   * with Atomics: sequentially consistent, so it is the full barrier Linux puts
   * there (virtio_mb, smp_mb) and it publishes the plain writes before it.
   * Without it, one side's store and the other side's load can pass each other,
   * both sides sleep, and a kick or call is lost. (Uint16Array is little-endian
   * on every platform this runs on, as the ring is.)
   */
  aLoad16(off: number): number {
    return Atomics.load(this.u16, off >> 1);
  }
  aStore16(off: number, v: number): void {
    const b = this.beginWrite(off, 2);
    Atomics.store(this.u16, off >> 1, v & 0xffff);
    this.endWrite(off, 2, b);
  }

  /** Atomics on an aligned 32-bit slot (index in Int32 units). */
  aLoad(slot: number): number {
    return Atomics.load(this.i32, slot);
  }
  aStore(slot: number, v: number): void {
    const b = this.beginWrite(slot * 4, 4);
    Atomics.store(this.i32, slot, v);
    this.endWrite(slot * 4, 4, b);
  }
  aAdd(slot: number, v: number): number {
    const b = this.beginWrite(slot * 4, 4);
    const old = Atomics.add(this.i32, slot, v);
    this.endWrite(slot * 4, 4, b);
    return old;
  }
  aOr(slot: number, v: number): number {
    const b = this.beginWrite(slot * 4, 4);
    const old = Atomics.or(this.i32, slot, v);
    this.endWrite(slot * 4, 4, b);
    return old;
  }
  aExchange(slot: number, v: number): number {
    const b = this.beginWrite(slot * 4, 4);
    const old = Atomics.exchange(this.i32, slot, v);
    this.endWrite(slot * 4, 4, b);
    return old;
  }
  aCompareExchange(slot: number, expected: number, v: number): number {
    const b = this.beginWrite(slot * 4, 4);
    const old = Atomics.compareExchange(this.i32, slot, expected, v);
    this.endWrite(slot * 4, 4, b);
    return old;
  }
  /** Wake agents blocked in Atomics.wait on the slot; a no-op on a non-shared buffer. */
  aNotify(slot: number): void {
    if (this.shared) Atomics.notify(this.i32, slot);
  }

  /** Undo a step's writes (newest first). */
  undo(records: readonly WriteRecord[]): void {
    for (let i = records.length - 1; i >= 0; i--) this.u8.set(records[i]!.before, records[i]!.off);
  }
  /** Redo a step's writes (oldest first). */
  redo(records: readonly WriteRecord[]): void {
    for (const r of records) this.u8.set(r.after, r.off);
  }
}

/** A bump allocator over a span of the arena, used to lay out each section at setup. */
export class ArenaLayout {
  constructor(
    private next: number,
    private readonly limit: number,
  ) {}
  /** Reserve `size` bytes aligned to `align`; throws on a programmer error (layout too small). */
  take(size: number, align = 8): number {
    const at = Math.ceil(this.next / align) * align;
    if (at + size > this.limit) throw new Error(`arena section full: need ${size} at ${at}, limit ${this.limit}`);
    this.next = at + size;
    return at;
  }
}
