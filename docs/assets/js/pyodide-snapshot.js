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

// loadPyodide options for a start from a snapshot: the bytes `take` gave, or a promise of them
// (Pyodide awaits it only when it sizes the memory, so the bytes can be read meanwhile; a
// rejected promise makes loadPyodide reject).
export function restoringOptions(bytes) {
  return { _loadSnapshot: bytes };
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
// build id). Checked here first: bytes that are no snapshot at all are refused before Pyodide
// sizes the WebAssembly memory by them.
const MAGIC = 1886286592;

export function looksLikeSnapshot(bytes) {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength < 64 || bytes.byteLength % 4) return false;
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === MAGIC;
}

// Whether a started Python really came from a snapshot: the module imported before it was taken
// is already there (a Pyodide that ignored the option would have started afresh).
export function restored(pyodide, module) {
  return pyodide.runPython(`import sys; ${JSON.stringify(module)} in sys.modules`) === true;
}
