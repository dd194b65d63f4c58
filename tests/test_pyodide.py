"""The same Python in the browser: every golden case gives the same result in Pyodide, and
every answer the site ships (computed at build time for choices and a date) is what Pyodide
answers.

The wheel the site serves is loaded into the npm Pyodide (the CPython 3.14 WebAssembly build
the browser runs) under Node, and each golden case's whole result (components, total, steps,
citations, pending list, assumptions) must equal what CPython computes here. Each shipped
answer, with the date written back as the page does, must equal field by field what the
worker's own entry point (calculators.browser.compute) returns in Pyodide, on the first and
the last day of its period.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import brotli
import pytest
from books import REAL
from test_golden import CASES

from calculators import InputError, run
from calculators.registry import CALCULATORS
from calculators.tools.site import answers, browser_assets, precompressed, snapshot, stdlib

BOOK = REAL

REPO = Path(__file__).resolve().parents[1]
RUNNER = Path(__file__).parent / "pyodide" / "run_cases.mjs"
SNAPSHOT_RUNNER = Path(__file__).parent / "pyodide" / "snapshot.mjs"


def _node(wheel: Path, cases: list[dict], *flags: str, runner: Path = RUNNER) -> dict:
    """`runner` in the npm Pyodide under Node, with the cases on its input; its JSON output."""
    assert shutil.which("node"), "Node.js is needed for the Pyodide parity test"
    assert (REPO / "node_modules" / "pyodide").is_dir(), "run scripts/setup (npm ci) first"
    proc = subprocess.run(
        ["node", str(runner), str(wheel), *flags],
        input=json.dumps(cases),
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def _cpython(case: dict) -> dict:
    try:
        return {"ok": run(case["calculator"], case["inputs"], case.get("assume") or {}, book=BOOK).to_dict()}
    except InputError as exc:
        return {"error": exc.errors}


@pytest.fixture(scope="module")
def pyodide_results(wheel: Path) -> dict:
    cases = [
        {
            "calculator": c["calculator"],
            "inputs": {k: str(v) for k, v in c["inputs"].items()},
            "assume": {k: str(v) for k, v in (c.get("assume") or {}).items()},
        }
        for _, c in CASES
    ]
    data = _node(wheel, cases)
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


# --- the answers shipped with the pages ---------------------------------------------------------


def _shipped(built: Path) -> list[dict]:
    files = sorted((built / "assets" / "calculators" / "answers").glob("*.json"))
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


@pytest.mark.slow
def test_every_shipped_answer_is_what_the_engine_answers(wheel: Path, built: Path) -> None:
    shipped = _shipped(built)
    assert {s["calculator"] for s in shipped} >= {"monthly", "bhxh", "bhyt", "incident", "duty"}
    asked, expected = [], []
    for data in shipped:
        for combination, numbers in data["index"].items():
            values = dict(pair.split("=", 1) for pair in combination.split("&")) if combination else {}
            for (start, until), number in zip(data["periods"], numbers, strict=True):
                for day in {start, until}:
                    inputs = {"date": day, **{k: v for k, v in values.items() if v}}
                    asked.append({"calculator": data["calculator"], "inputs": inputs})
                    stored = data["answers"][number]
                    expected.append(answers.with_date(stored, dt.date.fromisoformat(day)))
    assert len(asked) > 300
    results = _node(wheel, asked, "--browser")["results"]
    differences = []
    for case, want, got in zip(asked, expected, results, strict=True):
        got = json.loads(got)
        if got != want:
            part = next(
                (k for k in want.get("ok", want) if want.get("ok", want).get(k) != got.get("ok", got).get(k)),
                "?",
            )
            differences.append(f"{case['calculator']} {case['inputs']}: {part}")
    assert differences == [], differences[:10]


# --- the trimmed standard library -------------------------------------------------------------


@pytest.mark.slow
def test_the_trimmed_standard_library_gives_every_answer_and_holds_every_import(
    wheel: Path, built: Path
) -> None:
    """Every golden case and every stored answer gives the same answer in Pyodide started on the
    trimmed standard library the site serves as on the full one; and the modules they import
    are all in the recorded list (else: run scripts/record-stdlib)."""
    sys.path.insert(0, str(REPO / "scripts"))
    import record_stdlib

    cases = record_stdlib.golden_cases()
    for data in _shipped(built):
        for combination in data["index"]:
            values = dict(pair.split("=", 1) for pair in combination.split("&")) if combination else {}
            inputs = {"date": data["periods"][-1][0], **{k: v for k, v in values.items() if v}}
            cases.append({"calculator": data["calculator"], "inputs": inputs})
    full = record_stdlib.record(wheel, cases)
    trimmed = built / "assets" / "pyodide" / stdlib.TRIMMED
    assert trimmed.stat().st_size < (REPO / "node_modules" / "pyodide" / stdlib.FULL).stat().st_size / 2
    on_trimmed = record_stdlib.record(wheel, cases, trimmed)
    assert on_trimmed["answers"] == full["answers"]
    missing = sorted(set(record_stdlib.in_zip(full["modules"])) - set(stdlib.recorded()))
    assert missing == [], f"not in the trimmed standard library (run scripts/record-stdlib): {missing}"


# --- the memory snapshot of the ready engine ---------------------------------------------------


@pytest.mark.slow
def test_a_start_from_a_snapshot_answers_every_golden_case_and_every_probe_as_the_build(
    built: Path,
) -> None:
    """Through docs/assets/js/pyodide-snapshot.js, the pinned Pyodide takes a memory snapshot of
    the ready engine, keeps it in the layout a device stores (snapshot-pages.js: the same bytes
    come back, with the pages of zeros left out) and starts from it (its private options still
    work: the engine module is there before the wheel is unpacked again). As on a device, the
    memory is written while Pyodide starts, and Pyodide must wait until it is whole; a memory
    that cannot be written whole fails the start. Every golden case gives the same JSON text as
    the normal start, and each probe the text whose SHA-256 the build wrote into the manifest (a
    restored engine must give exactly that before it answers anyone)."""
    manifest = json.loads((built / "assets" / "calculators" / "manifest.json").read_text(encoding="utf-8"))
    probes = manifest["snapshot"]["probes"]
    assert {p["calculator"] for p in probes} == set(CALCULATORS)
    cases = [
        {
            "calculator": c["calculator"],
            "inputs": {k: str(v) for k, v in c["inputs"].items()},
            "assume": {k: str(v) for k, v in (c.get("assume") or {}).items()},
        }
        for _, c in CASES
    ] + [{k: p[k] for k in ("calculator", "inputs", "assume")} for p in probes]
    out = _node(
        built / "assets" / "calculators" / manifest["wheel"],
        cases,
        str(built / "assets" / "pyodide" / stdlib.TRIMMED),
        runner=SNAPSHOT_RUNNER,
    )
    assert out["restored"] is True, "the pinned Pyodide no longer starts from a memory snapshot"
    # The memory was written only after Pyodide had set it up: its restore waited for it whole.
    assert out["writtenAfterHook"] is True
    assert "invalid magic" in out["unfilled"], out["unfilled"]
    assert out["refused"] is False and out["size"] > 10_000_000
    assert out["sameBytes"] is True and out["kept"] < out["size"] * 0.75, (out["kept"], out["size"])
    assert len(out["again"]) == len(cases) > 100
    differences = [
        f"{c['calculator']} {c['inputs']}"
        for c, fresh, again in zip(cases, out["fresh"], out["again"], strict=True)
        if fresh != again
    ]
    assert differences == []
    answered = out["again"][-len(probes) :]
    assert [snapshot.digest(a) for a in answered] == [p["sha256"] for p in probes]


# --- what a host sends -------------------------------------------------------------------------


def test_the_engine_files_have_brotli_copies_that_are_the_files_themselves(built: Path) -> None:
    """Each large engine file has a `.br` beside it (precompressed.py) that decodes to the file
    byte for byte and is smaller than gzip would make it; the smaller ones stay without."""
    folder = built / "assets" / "pyodide"
    for name in browser_assets.PRECOMPRESSED:
        data = (folder / name).read_bytes()
        copy = (folder / (name + precompressed.SUFFIX)).read_bytes()
        assert brotli.decompress(copy) == data, name
        assert len(copy) < len(gzip.compress(data, compresslevel=6)), name
    copies = sorted(p.name for p in built.rglob("*" + precompressed.SUFFIX))
    assert copies == sorted(name + precompressed.SUFFIX for name in browser_assets.PRECOMPRESSED)
