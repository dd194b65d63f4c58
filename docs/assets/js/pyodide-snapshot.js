// Pyodide's memory snapshot: the whole memory of a started Python, taken once and given back to
// a later start, which then skips CPython's start-up and our imports. Pyodide offers it only
// through options it marks private (a leading underscore), which may change in any release:
// this module is the one place that names them. tests/pyodide/snapshot.mjs (run by
// tests/test_pyodide.py) takes and restores a snapshot with the pinned Pyodide through this
// module, and fails if any of these names stops working.
//
// A snapshot holds memory only, not files: after a restore the caller unpacks our wheel again.

// loadPyodide options for a start that may be snapshotted later.
export function takingOptions() {
  return { _makeSnapshot: true };
}

// loadPyodide options for a start from a snapshot: `bytes` (a Uint8Array, or a promise of one)
// is the memory `take` gave, which may still be being written while Pyodide starts; `filled`
// settles once it is complete. Pyodide awaits `bytes` only to size the WebAssembly memory and
// reads them only when it restores them, after its file system is set up: the fsInit hook (a
// public option) holds that step until `filled`. The hook cannot stop Pyodide, so bytes that
// were not written whole, or are no snapshot, are made unrestorable instead: Pyodide's restore
// refuses them and loadPyodide rejects (`filled` tells the caller why, sooner).
export function restoringOptions(bytes, filled = Promise.resolve()) {
  return {
    _loadSnapshot: bytes,
    fsInit: async () => {
      const memory = await bytes;
      const whole = await filled.then(() => true, () => false);
      if (!whole || !looksLikeSnapshot(memory)) memory.fill(0, 0, 4);
    },
  };
}

// The memory of a Python started with takingOptions(), as bytes to store. Throws when Python
// holds JavaScript objects a snapshot cannot carry (then none is taken).
export function take(pyodide) {
  if (typeof pyodide.makeMemorySnapshot !== "function") {
    throw new Error("this Pyodide has no makeMemorySnapshot");
  }
  return pyodide.makeMemorySnapshot();
}

// Pyodide's snapshots begin with this number (its API.restoreSnapshot checks it, then the
// build id). Checked here too, once the bytes are written: bytes that are no snapshot at all
// never reach the restore.
const MAGIC = 1886286592;

// The size a snapshot may have: whole 32-bit words, at least a header, and within what a
// WebAssembly memory can hold (checked before that much memory is set aside for it).
export function plausibleSize(size) {
  return Number.isSafeInteger(size) && size >= 64 && size % 4 === 0 && size <= 2 ** 31;
}

export function looksLikeSnapshot(bytes) {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength < 64 || bytes.byteLength % 4) return false;
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === MAGIC;
}

// Whether a started Python really came from a snapshot: the module imported before it was taken
// is already there (a Pyodide that ignored the option would have started afresh).
export function restored(pyodide, module) {
  return pyodide.runPython(`import sys; ${JSON.stringify(module)} in sys.modules`) === true;
}
