"""The package's shape: what the browser's wheel holds, and which way imports go.

- The runtime (everything of `calculators` but `calculators.tools` and `__main__`) imports only
  the standard library and itself: it runs unchanged in Pyodide, with nothing to install.
- Nothing of the runtime imports the tools (site build, validator, command line).
- No module imports itself back through others: there are no import cycles.
- The wheel served to Pyodide holds exactly the runtime and the rates as JSON.

The import graph is grimp's (the engine of import-linter), built from the source.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import grimp
import pytest
from project_copy import clean_copy

from calculators.tools.rates_file import load_valid

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "calculators"
TOOLS = f"{PACKAGE}.tools"
NOT_SHIPPED = (TOOLS, f"{PACKAGE}.__main__")


def _is_runtime(module: str) -> bool:
    return not any(module == n or module.startswith(n + ".") for n in NOT_SHIPPED)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    # Imports under `if TYPE_CHECKING:` never run, so they neither ship nor make a cycle.
    return grimp.build_graph(PACKAGE, include_external_packages=True, exclude_type_checking_imports=True)


def _internal(graph: grimp.ImportGraph) -> set[str]:
    return {m for m in graph.modules if m == PACKAGE or m.startswith(PACKAGE + ".")}


def _edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    internal = _internal(graph)
    return {m: graph.find_modules_directly_imported_by(m) & internal for m in internal}


def cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The import cycles of a graph (its strongly connected components of more than one module,
    or a module that imports itself), each sorted, found with Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in edges.get(v, ()):
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_cycles() -> None:
    assert cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]
    assert cycles({"a": ["a"]}) == [["a"]]
    assert cycles({"a": ["b"], "b": [], "c": ["a", "b"]}) == []


def test_there_are_no_import_cycles(graph: grimp.ImportGraph) -> None:
    edges = _edges(graph)
    assert len(edges) > 30, "the graph lost the package's modules"
    assert cycles(edges) == []


def test_the_runtime_imports_only_the_standard_library_and_itself(graph: grimp.ImportGraph) -> None:
    internal = _internal(graph)
    outside = {
        (module, imported)
        for module in internal
        if _is_runtime(module)
        for imported in graph.find_modules_directly_imported_by(module) - internal
        if imported.split(".")[0] not in sys.stdlib_module_names
    }
    assert outside == set(), "the browser has only the standard library"


def test_the_runtime_never_imports_the_tools(graph: grimp.ImportGraph) -> None:
    edges = _edges(graph)
    into_tools = {
        (m, i) for m, imported in edges.items() if _is_runtime(m) for i in imported if not _is_runtime(i)
    }
    assert into_tools == set()
    # ... and the tools do import the runtime: the check above is about a real boundary.
    assert any(_is_runtime(i) for m, imported in edges.items() if not _is_runtime(m) for i in imported)


@pytest.mark.slow
def test_the_wheel_holds_the_runtime_and_the_rates_only(wheel: Path, record_property) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = [n for n in archive.namelist() if not n.startswith("cantho_antt-")]
    runtime = {
        p.relative_to(REPO).as_posix()
        for p in (REPO / PACKAGE).rglob("*.py")
        if _is_runtime(".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__"))
    }
    assert set(names) == runtime | {f"{PACKAGE}/data/rates.json"}
    record_property("wheel_bytes", wheel.stat().st_size)
    print(f"\nwheel: {wheel.name}, {wheel.stat().st_size} bytes, {len(names)} files")


@pytest.mark.slow
def test_the_site_build_hands_the_wheel_its_validated_rates(tmp_path: Path) -> None:
    """The wheel takes the JSON the site build validated (VALIDATED_RATES_JSON) instead of
    validating rates.yaml a second time: given a JSON, it ships exactly that."""
    source = clean_copy(tmp_path / "source")
    data = load_valid(source / "rates.yaml")
    data["meta"]["title"]["vi"] = "handed over"
    given = tmp_path / "rates.json"
    given.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "dist"
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "VALIDATED_RATES_JSON": str(given)},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    with zipfile.ZipFile(next(out.glob("*.whl"))) as archive:
        shipped = json.loads(archive.read(f"{PACKAGE}/data/rates.json").decode("utf-8"))
    assert shipped == data
