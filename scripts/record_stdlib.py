"""Record which standard-library modules the calculators import in Pyodide, for the trimmed
standard library the site serves (calculators/tools/site/stdlib.py).

Runs every golden case through the worker's entry point in Pyodide under Node and writes the
imported modules that live in Pyodide's python_stdlib.zip to
calculators/tools/site/stdlib_modules.txt. Run it (scripts/record-stdlib) after a change that
imports another standard module; tests/test_pyodide.py says when it is needed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from calculators.tools.site import stdlib  # noqa: E402
from calculators.tools.site.browser_assets import build_wheel  # noqa: E402

RECORDER = REPO / "tests" / "pyodide" / "record_imports.mjs"
FULL = REPO / "node_modules" / "pyodide" / stdlib.FULL


def golden_cases() -> list[dict]:
    import yaml

    cases = []
    for path in sorted((REPO / "tests" / "golden").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(
                {
                    "calculator": case["calculator"],
                    "inputs": {k: str(v) for k, v in case["inputs"].items()},
                    "assume": {k: str(v) for k, v in (case.get("assume") or {}).items()},
                }
            )
    return cases


def record(wheel: Path, cases: list[dict], zip_path: Path | None = None) -> dict:
    """{"modules": [...], "answers": [...]} from Pyodide under Node."""
    args = ["node", str(RECORDER), str(wheel)] + ([str(zip_path)] if zip_path else [])
    proc = subprocess.run(
        args, input=json.dumps(cases), cwd=REPO, capture_output=True, text=True, timeout=300
    )
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    return json.loads(proc.stdout)


def in_zip(modules: list[str]) -> list[str]:
    names = zipfile.ZipFile(FULL).namelist()
    return [
        m for m in modules if stdlib.files_for([m], names, always=False) and not m.startswith("calculators")
    ]


def main() -> None:
    found = in_zip(record(build_wheel(REPO), golden_cases())["modules"])
    header = (
        "# Standard-library modules the calculators import in Pyodide (Pyodide's start, then every\n"
        "# golden case through calculators.browser.compute). Written by scripts/record-stdlib; the\n"
        "# site's trimmed python_stdlib holds just these (calculators/tools/site/stdlib.py).\n"
    )
    stdlib.STDLIB_MODULES.write_text(header + "\n".join(found) + "\n", encoding="utf-8")
    print(f"{len(found)} modules written to {stdlib.STDLIB_MODULES.relative_to(REPO)}")


if __name__ == "__main__":
    main()
