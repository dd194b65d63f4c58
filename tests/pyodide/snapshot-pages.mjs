// docs/assets/js/snapshot-pages.js on made-up memories (run by tests/test_snapshot_layout.py):
// each comes back byte for byte, pages of zeros are left out, and stored bytes that are not
// the layout are refused. Prints one JSON object.
import { pack, unpack } from "../../docs/assets/js/snapshot-pages.js";

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
const roundTrips = {};
for (const [name, bytes] of Object.entries(memories)) {
  const stored = join(pack(bytes));
  roundTrips[name] = { same: same(unpack(stored), bytes), stored: stored.byteLength, size: bytes.byteLength };
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
let oddRefused = null;
try {
  pack(new Uint8Array(10));
} catch (error) {
  oddRefused = String(error);
}
process.stdout.write(JSON.stringify({ roundTrips, refusals, oddRefused }));
