"""The same Python in the browser: every golden case gives the same result in Pyodide.

The wheel the site serves is loaded into the npm Pyodide (the CPython 3.14 WebAssembly build
the browser runs) under Node, and each golden case's whole result (components, total, steps,
citations, pending list, assumptions) must equal what CPython computes here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from books import REAL
from test_golden import CASES

from calculators import InputError, run

BOOK = REAL

REPO = Path(__file__).resolve().parents[1]
RUNNER = Path(__file__).parent / "pyodide" / "run_cases.mjs"


def _cpython(case: dict) -> dict:
    try:
        return {"ok": run(case["calculator"], case["inputs"], case.get("assume") or {}, book=BOOK).to_dict()}
    except InputError as exc:
        return {"error": exc.errors}


@pytest.fixture(scope="module")
def pyodide_results(wheel: Path) -> dict:
    assert shutil.which("node"), "Node.js is needed for the Pyodide parity test"
    assert (REPO / "node_modules" / "pyodide").is_dir(), "run scripts/setup (npm ci) first"
    cases = [
        {
            "calculator": c["calculator"],
            "inputs": {k: str(v) for k, v in c["inputs"].items()},
            "assume": {k: str(v) for k, v in (c.get("assume") or {}).items()},
        }
        for _, c in CASES
    ]
    proc = subprocess.run(
        ["node", str(RUNNER), str(wheel)],
        input=json.dumps(cases),
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(proc.stdout)
    return {"python": data["python"], "cases": cases, "results": data["results"]}


@pytest.mark.slow
def test_pyodide_is_the_pinned_cpython_314(pyodide_results: dict) -> None:
    assert pyodide_results["python"].startswith("3.14.")


@pytest.mark.slow
def test_every_golden_case_gives_the_same_result_in_pyodide(pyodide_results: dict) -> None:
    assert len(pyodide_results["results"]) == len(CASES) > 100
    differences = []
    for (file, case), sent, browser in zip(
        CASES, pyodide_results["cases"], pyodide_results["results"], strict=True
    ):
        here = _cpython(sent)
        if here != browser:
            differences.append(f"{file}:{case['name']}")
    assert differences == []
