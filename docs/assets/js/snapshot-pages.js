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

// The snapshot `pack` was given, from the stored bytes (its parts joined). Throws on anything
// else: another layout, a header that does not fit, or kept pages of the wrong length.
export function unpack(stored) {
  if (stored.byteLength < HEADER) throw new Error("a kept snapshot too short for its header");
  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  if (view.getUint32(0, true) !== FORMAT) throw new Error("not a kept snapshot");
  const size = view.getUint32(4, true);
  const pages = pageCount(size);
  if (stored.byteLength < HEADER + pages) throw new Error("a kept snapshot too short for its page map");
  const map = stored.subarray(HEADER, HEADER + pages);
  const bytes = new Uint8Array(size);  // zeros: only the kept pages are written
  let at = HEADER + pages;
  for (let p = 0; p < pages; p++) {
    if (!map[p]) continue;
    const start = p * PAGE;
    const length = Math.min(PAGE, size - start);
    if (at + length > stored.byteLength) throw new Error("a kept snapshot shorter than its page map says");
    bytes.set(stored.subarray(at, at + length), start);
    at += length;
  }
  if (at !== stored.byteLength) throw new Error("a kept snapshot longer than its page map says");
  return bytes;
}
