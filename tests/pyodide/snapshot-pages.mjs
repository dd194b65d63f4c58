// docs/assets/js/snapshot-pages.js on made-up memories (run by tests/test_snapshot_layout.py):
// each comes back byte for byte, whole or pushed in pieces of any size (as a stream gives them),
// pages of zeros are left out, and stored bytes that are not the layout are refused. Prints one
// JSON object.
import { pack, unpack, Unpacking } from "../../docs/assets/js/snapshot-pages.js";

const PAGE = 4096;
const join = (parts) => {
  const all = Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
};
const same = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

// `size` bytes of zeros but for one byte in each page of `filled`.
function memory(size, filled) {
  const bytes = new Uint8Array(size);
  for (const p of filled) bytes[Math.min(size - 1, p * PAGE + 7)] = 1 + (p % 250);
  return bytes;
}

const memories = {
  allZero: memory(5 * PAGE, []),
  noneZero: Uint8Array.from({ length: 3 * PAGE }, (_, i) => (i % 251) + 1),
  shortLastPage: memory(3 * PAGE + 16, [0, 3]),
  gaps: memory(9 * PAGE, [1, 2, 5, 8]),
  lastByteOnly: memory(2 * PAGE + 4, [2]),
};
// `stored` pushed into an Unpacking of `size` in pieces of the given lengths, in turn.
function inPieces(stored, size, lengths) {
  const unpacking = new Unpacking(size);
  for (let at = 0, i = 0; at < stored.byteLength; i++) {
    const length = lengths[i % lengths.length];
    unpacking.push(stored.subarray(at, at + length));
    at += length;
  }
  return unpacking.end();
}
const PIECES = { bytes: [1], odd: [3, 7, 11], pages: [PAGE], across: [PAGE + 5, 13, 2 * PAGE - 1] };

const roundTrips = {};
for (const [name, bytes] of Object.entries(memories)) {
  const stored = join(pack(bytes));
  const pieces = Object.fromEntries(Object.entries(PIECES).map(([how, lengths]) => [how, same(inPieces(stored, bytes.byteLength, lengths), bytes)]));
  roundTrips[name] = { same: same(unpack(stored), bytes), pieces, stored: stored.byteLength, size: bytes.byteLength };
}

const good = join(pack(memories.gaps));
const refusals = {};
const broken = {
  anotherLayout: Uint8Array.from(good, (b, i) => (i === 0 ? b ^ 0xff : b)),
  tooShortForHeader: good.subarray(0, 5),
  tooShortForMap: good.subarray(0, 10),
  pagesMissing: good.subarray(0, good.byteLength - 1),
  bytesLeftOver: join([good, new Uint8Array(4)]),
};
for (const [name, bytes] of Object.entries(broken)) {
  try {
    unpack(bytes);
    refusals[name] = null;
  } catch (error) {
    refusals[name] = String(error);
  }
}
// A stream of another snapshot's size (the size a cache entry was kept with must be its own).
try {
  inPieces(good, memories.gaps.byteLength + PAGE, [100]);
  refusals.anotherSize = null;
} catch (error) {
  refusals.anotherSize = String(error);
}
for (const [name, bytes] of Object.entries(broken)) {
  if (name === "tooShortForHeader") continue;  // unpack() reads the size from the header itself
  try {
    inPieces(bytes, memories.gaps.byteLength, [PAGE - 1]);
    refusals[`${name}InPieces`] = null;
  } catch (error) {
    refusals[`${name}InPieces`] = String(error);
  }
}
let oddRefused = null;
try {
  pack(new Uint8Array(10));
} catch (error) {
  oddRefused = String(error);
}
process.stdout.write(JSON.stringify({ roundTrips, refusals, oddRefused }));
