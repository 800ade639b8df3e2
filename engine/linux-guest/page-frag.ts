/**
 * The receive queue's page-fragment allocator, after skb_page_frag_refill
 * (net/core/sock.c) and virtnet_rq_alloc (drivers/net/virtio_net.c, without
 * the DMA API): buffers are carved one after another out of a 32 KiB
 * compound page (SKB_FRAG_PAGE_ORDER); each carved buffer holds a page
 * reference, and when the allocator comes back to a page that only it still
 * references, it starts that page again from offset 0. Pages and their
 * reference counts (struct page's _refcount) live in guest RAM.
 */
import type { GuestMemory } from '../mem/guest-memory';

/** PAGE_SIZE << SKB_FRAG_PAGE_ORDER: the compound page skb_page_frag_refill asks for. */
export const FRAG_PAGE_SIZE = 32768;

const F = {
  page: 0, // i32: current page index, -1 for none
  offset: 4, // u32: alloc_frag->offset
  freeTop: 8, // u32: pages on the free stack
  refs: 12, // u32[npages]: page refcounts, then u32[npages]: the free stack
} as const;

/** Bytes of allocator state for `npages` pages. */
export function pageFragStateSize(npages: number): number {
  return F.refs + 8 * npages;
}

/** A page-frag allocator over `npages` pages of FRAG_PAGE_SIZE at `base` (GPA). */
export class PageFrag {
  constructor(
    readonly mem: GuestMemory,
    /** GPA of the allocator's state. */
    readonly state: number,
    /** GPA of page 0 (pages are consecutive). */
    readonly base: number,
    readonly npages: number,
  ) {}

  init(): void {
    this.mem.w32(this.state + F.page, 0xffffffff);
    for (let i = 0; i < this.npages; i++) this.mem.w32(this.stackAt(i), this.npages - 1 - i);
    this.mem.w32(this.state + F.freeTop, this.npages);
  }

  private refAt(p: number): number {
    return this.state + F.refs + 4 * p;
  }
  private stackAt(i: number): number {
    return this.state + F.refs + 4 * this.npages + 4 * i;
  }
  private get page(): number {
    return this.mem.r32(this.state + F.page) | 0;
  }
  /** alloc_frag->offset. */
  get offset(): number {
    return this.mem.r32(this.state + F.offset);
  }
  /** Bytes left in the current page: alloc_frag->size - alloc_frag->offset. */
  get hole(): number {
    return this.page < 0 ? 0 : FRAG_PAGE_SIZE - this.offset;
  }
  /** Give the rest of the current page to the buffer just carved (virtio_net's "hole" rule). */
  takeHole(): number {
    const h = this.hole;
    this.mem.w32(this.state + F.offset, FRAG_PAGE_SIZE);
    return h;
  }
  refs(p: number): number {
    return this.mem.r32(this.refAt(p));
  }

  /** skb_page_frag_refill: make sure `sz` bytes fit in the current page. False on -ENOMEM (no free page). */
  refill(sz: number): boolean {
    const p = this.page;
    if (p >= 0) {
      // Only we still hold the page: start it again from the beginning.
      if (this.refs(p) === 1) {
        this.mem.w32(this.state + F.offset, 0);
        return true;
      }
      if (this.offset + sz <= FRAG_PAGE_SIZE) return true;
      this.put(p);
    }
    const top = this.mem.r32(this.state + F.freeTop);
    if (top === 0) {
      this.mem.w32(this.state + F.page, 0xffffffff);
      return false;
    }
    const np = this.mem.r32(this.stackAt(top - 1));
    this.mem.w32(this.state + F.freeTop, top - 1);
    this.mem.w32(this.refAt(np), 1);
    this.mem.w32(this.state + F.page, np);
    this.mem.w32(this.state + F.offset, 0);
    return true;
  }

  /** virtnet_rq_alloc: carve `size` bytes (get_page on the page); returns the buffer's GPA. */
  alloc(size: number): number {
    const p = this.page;
    const gpa = this.base + p * FRAG_PAGE_SIZE + this.offset;
    this.mem.w32(this.refAt(p), this.refs(p) + 1);
    this.mem.w32(this.state + F.offset, this.offset + size);
    return gpa;
  }

  /** put_page on the page holding `gpa` (the buffer was consumed or freed). */
  free(gpa: number): void {
    this.put(Math.floor((gpa - this.base) / FRAG_PAGE_SIZE));
  }

  private put(p: number): void {
    const r = this.refs(p) - 1;
    this.mem.w32(this.refAt(p), r);
    if (r > 0) return;
    const top = this.mem.r32(this.state + F.freeTop);
    this.mem.w32(this.stackAt(top), p);
    this.mem.w32(this.state + F.freeTop, top + 1);
  }
}
