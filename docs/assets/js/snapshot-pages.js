// How a memory snapshot is laid out when kept: about half of a started engine's memory is pages
// of zeros, so only the other pages are kept, after a header that says which. Reading it back
// then inflates about 15 MB instead of 31 MB, which is most of a return visit's wait for the
// snapshot (gzip around the whole is snapshot-store.js's part). Plain functions on bytes, with
// no browser API: tests/pyodide/snapshot.mjs round-trips a real snapshot through them in Node.
//
// Layout (little-endian): FORMAT (u32), the snapshot's size in bytes (u32), one byte per page
// (1: kept, 0: all zeros; the last page may be short), then the kept pages in order.

const FORMAT = 0x3150_4e53;  // "SNP1"
const PAGE = 4096;
const HEADER = 8;

const pageCount = (size) => Math.ceil(size / PAGE);

function isZero(words, from, to) {
  for (let i = from; i < to; i++) if (words[i] !== 0) return false;
  return true;
}

// The parts to store for `bytes` (a Uint8Array whose length is a multiple of 4, as Pyodide's
// snapshots are): the header and runs of kept pages, as views of `bytes` (nothing is copied).
export function pack(bytes) {
  if (bytes.byteLength % 4 || bytes.byteOffset % 4) throw new Error("a snapshot is whole 32-bit words");
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const pages = pageCount(bytes.byteLength);
  const header = new Uint8Array(HEADER + pages);
  const view = new DataView(header.buffer);
  view.setUint32(0, FORMAT, true);
  view.setUint32(4, bytes.byteLength, true);
  const parts = [header];
  let run = null;  // [start, end) in bytes of the kept pages being joined
  for (let p = 0; p < pages; p++) {
    const start = p * PAGE;
    const end = Math.min(start + PAGE, bytes.byteLength);
    if (isZero(words, start / 4, end / 4)) continue;
    header[HEADER + p] = 1;
    if (run && run[1] === start) run[1] = end;
    else {
      if (run) parts.push(bytes.subarray(...run));
      run = [start, end];
    }
  }
  if (run) parts.push(bytes.subarray(...run));
  return parts;
}

// Writes a kept snapshot back into memory as its stored bytes arrive, in pieces of any size
// (a return visit fills the engine's memory while Pyodide's own files still load). `bytes` is
// the snapshot of `size` bytes (zeros until written); push() each piece in order, then end()
// checks that the pieces were exactly the layout and returns `bytes`. Throws on anything else:
// another layout, a snapshot of another size, or kept pages missing or left over.
export class Unpacking {
  constructor(size) {
    if (!Number.isSafeInteger(size) || size < 0) throw new Error("a kept snapshot of no size");
    this.size = size;
    this.bytes = new Uint8Array(size);
    this.pages = pageCount(size);
    this.header = new Uint8Array(HEADER + this.pages);
    this.headerAt = 0;  // bytes of the header received
    this.page = -1;  // the kept page being written (pages when none is left)
    this.pageAt = 0;  // bytes of it written
    this.pageLeft = 0;  // bytes of it still to come
  }

  push(piece) {
    let at = 0;
    if (this.headerAt < this.header.byteLength) {
      at = Math.min(this.header.byteLength - this.headerAt, piece.byteLength);
      this.header.set(piece.subarray(0, at), this.headerAt);
      this.headerAt += at;
      if (this.headerAt === this.header.byteLength) this.startPages();
    }
    while (at < piece.byteLength) {
      if (this.pageLeft === 0) throw new Error("a kept snapshot longer than its page map says");
      const n = Math.min(this.pageLeft, piece.byteLength - at);
      this.bytes.set(piece.subarray(at, at + n), this.page * PAGE + this.pageAt);
      this.pageAt += n;
      this.pageLeft -= n;
      at += n;
      if (this.pageLeft === 0) this.nextPage();
    }
  }

  end() {
    if (this.headerAt < HEADER) throw new Error("a kept snapshot too short for its header");
    if (this.headerAt < this.header.byteLength) throw new Error("a kept snapshot too short for its page map");
    if (this.page < this.pages) throw new Error("a kept snapshot shorter than its page map says");
    return this.bytes;
  }

  startPages() {
    const view = new DataView(this.header.buffer);
    if (view.getUint32(0, true) !== FORMAT) throw new Error("not a kept snapshot");
    if (view.getUint32(4, true) !== this.size) throw new Error("a kept snapshot of another size");
    this.nextPage();
  }

  nextPage() {
    do this.page++; while (this.page < this.pages && !this.header[HEADER + this.page]);
    this.pageAt = 0;
    this.pageLeft = this.page < this.pages ? Math.min(PAGE, this.size - this.page * PAGE) : 0;
  }
}

// The snapshot `pack` was given, from the stored bytes (its parts joined), with the checks of
// Unpacking.
export function unpack(stored) {
  if (stored.byteLength < HEADER) throw new Error("a kept snapshot too short for its header");
  const size = new DataView(stored.buffer, stored.byteOffset, HEADER).getUint32(4, true);
  const unpacking = new Unpacking(size);
  unpacking.push(stored);
  return unpacking.end();
}
