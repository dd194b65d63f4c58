"""The standard library the browser downloads: only the modules the calculators use.

Pyodide's `python_stdlib.zip` holds the whole standard library (2.5 MB, already compressed,
so a host cannot shrink it). The calculators need about 200 of its modules: those Pyodide's own
start imports, and those our package imports while answering every golden case. Their names
are recorded once, in Pyodide under Node (`scripts/record-stdlib` writes STDLIB_MODULES), and
the build packs just their files into TRIMMED (about 0.8 MB). The worker loads that one; if an
import ever fails it puts the full zip in its place and tries again (docs/assets/js/
calculator-worker.js), so a module missing from the list costs time, never an answer.
tests/test_pyodide.py runs every golden case and every stored answer in Pyodide on the trimmed
zip, and records the imports again to check the list.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

STDLIB_MODULES = Path(__file__).with_name("stdlib_modules.txt")
FULL = "python_stdlib.zip"
TRIMMED = "python_stdlib_trimmed.zip"
# Read by Python's start whatever is imported (build configuration of the Emscripten platform).
ALWAYS = ("_sysconfigdata_",)


def recorded() -> list[str]:
    """The module names of the recorded import trace (comments and blank lines left out)."""
    lines = STDLIB_MODULES.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def files_for(modules: list[str], names: list[str], always: bool = True) -> list[str]:
    """The zip's files that hold these modules (a package's __init__.py, a module's .py), and
    (with `always`) those Python's start reads whatever it imports."""
    present = set(names)
    wanted = set()
    for module in modules:
        path = module.replace(".", "/")
        for candidate in (f"{path}/__init__.py", f"{path}.py"):
            if candidate in present:
                wanted.add(candidate)
                break
    if always:
        wanted |= {n for n in names if n.startswith(ALWAYS)}
    return sorted(wanted)


def trimmed(full: bytes, modules: list[str]) -> bytes:
    """A zip of only the files of `modules`, byte for byte the same for the same input (fixed
    dates), so its content hash changes only when the list or Pyodide does."""
    source = zipfile.ZipFile(io.BytesIO(full))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name in files_for(modules, source.namelist()):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name))
    return out.getvalue()
