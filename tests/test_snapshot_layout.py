"""docs/assets/js/snapshot-pages.js, the layout a memory snapshot is kept in on a device: every
memory comes back byte for byte (whole, or written as a stream's pieces arrive), pages of zeros
are not stored, and bytes that are not that layout are refused (the worker then deletes them
and starts normally). A real snapshot goes through it in tests/test_pyodide.py."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNNER = REPO / "tests" / "pyodide" / "snapshot-pages.mjs"
PAGE = 4096


def _run() -> dict:
    assert shutil.which("node"), "Node.js is needed to run the site's JavaScript modules"
    proc = subprocess.run(["node", str(RUNNER)], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_every_memory_comes_back_and_only_pages_that_are_not_zeros_are_stored() -> None:
    out = _run()
    trips = out["roundTrips"]
    assert all(t["same"] for t in trips.values()), trips
    assert all(all(t["pieces"].values()) for t in trips.values()), trips
    header = {name: 8 + -(-t["size"] // PAGE) for name, t in trips.items()}
    assert trips["allZero"]["stored"] == header["allZero"]
    assert trips["noneZero"]["stored"] == header["noneZero"] + trips["noneZero"]["size"]
    assert trips["gaps"]["stored"] == header["gaps"] + 4 * PAGE
    # A short last page is stored as long as it is.
    assert trips["shortLastPage"]["stored"] == header["shortLastPage"] + PAGE + 16
    assert trips["lastByteOnly"]["stored"] == header["lastByteOnly"] + 4


def test_bytes_that_are_not_the_layout_are_refused() -> None:
    out = _run()
    assert all(out["refusals"].values()), out["refusals"]
    assert "not a kept snapshot" in out["refusals"]["anotherLayout"]
    assert "shorter" in out["refusals"]["pagesMissing"]
    assert "longer" in out["refusals"]["bytesLeftOver"]
    assert "another size" in out["refusals"]["anotherSize"]
    assert "shorter" in out["refusals"]["pagesMissingInPieces"]
    assert "longer" in out["refusals"]["bytesLeftOverInPieces"]
    assert out["oddRefused"] and "32-bit" in out["oddRefused"]
