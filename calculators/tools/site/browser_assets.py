"""MkDocs hook: put the browser side of the calculators into the built site.

After each build it copies the five Pyodide files the site needs from node_modules (pinned in
package.json, kept out of git) and the calculators wheel (validated rates inside) into
`assets/`, with a small manifest the Web Worker reads, and Brotli copies of the largest
(precompressed.py). The wheel is the plain pure-Python wheel
of `python -m build --wheel` (see the README for why not `pyodide build`); its name carries a
hash of its content, so a browser never keeps an outdated copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from calculators.tools.rates_file import load_book, load_valid, versions
from calculators.tools.site import precompressed, snapshot, stdlib

PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
# What a phone downloads before Python answers, in Brotli too (precompressed.py). The wheel and
# the standard library zips hold files compressed one by one: Brotli gains nothing on them.
# (A zip of uncompressed files would shrink from 0.8 to 0.6 MB with Brotli, but it would be
# 3 MB from the many hosts that never compress a .zip.)
PRECOMPRESSED = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json")
WHEEL_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "rates.yaml")


def _repo(config: Any) -> Path:
    return Path(config["config_file_path"]).resolve().parent


def _inputs(repo: Path) -> list[Path]:
    """What the wheel is built from: packaging files, the rates, and the runtime's modules."""
    files = [repo / name for name in WHEEL_INPUTS]
    tools = repo / "calculators" / "tools"
    files += sorted(p for p in (repo / "calculators").rglob("*.py") if tools not in p.parents)
    return files


def _digest(repo: Path) -> str:
    h = hashlib.sha256()
    for path in _inputs(repo):
        h.update(str(path.relative_to(repo)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def build_wheel(repo: Path) -> Path:
    """The wheel for the current sources, built once per content (cached under build/)."""
    digest = _digest(repo)
    cache = repo / "build" / "site-wheels"
    cached = cache / f"calculators-{digest}.whl"
    if cached.exists():
        return cached
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src"
        for path in _inputs(repo):
            target = source / path.relative_to(repo)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        # The rates were validated for this build already: the wheel takes that JSON (setup.py).
        validated = Path(tmp) / "rates.json"
        validated.write_text(
            json.dumps(load_valid(repo / "rates.yaml"), ensure_ascii=False), encoding="utf-8"
        )
        out = Path(tmp) / "dist"
        proc = subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
            cwd=source,
            capture_output=True,
            text=True,
            env={**os.environ, "VALIDATED_RATES_JSON": str(validated)},
        )
        if proc.returncode != 0:
            raise PluginError(
                "Building the calculators wheel failed:\n" + proc.stdout[-2000:] + proc.stderr[-2000:]
            )
        cache.mkdir(parents=True, exist_ok=True)
        for old in cache.glob("calculators-*.whl"):
            old.unlink()
        shutil.copy2(next(out.glob("*.whl")), cached)
    return cached


def _download_sizes(path: Path) -> dict[str, int]:
    sizes = {"size": path.stat().st_size, "gzip": precompressed.gzip_size(path, precompressed.cache_dir())}
    copy = path.with_name(path.name + precompressed.SUFFIX)
    if copy.exists():
        sizes["br"] = copy.stat().st_size
    return sizes


def on_post_build(config: Any, **_: Any) -> None:
    repo = _repo(config)
    site = Path(config["site_dir"])
    pyodide = repo / "node_modules" / "pyodide"
    if not (pyodide / "pyodide.mjs").exists():
        raise PluginError("Pyodide is missing: run scripts/setup (npm ci) first.")
    target = site / "assets" / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(pyodide / name, target / name)
    # What the worker loads first: only the modules the calculators use (stdlib.py).
    (target / stdlib.TRIMMED).write_bytes(
        stdlib.trimmed((pyodide / stdlib.FULL).read_bytes(), stdlib.recorded())
    )
    for name in PRECOMPRESSED:
        precompressed.write_copy(target / name, precompressed.cache_dir())
    wheel = build_wheel(repo)
    calc_dir = site / "assets" / "calculators"
    calc_dir.mkdir(parents=True, exist_ok=True)
    for old in calc_dir.glob("calculators-*.whl"):
        old.unlink()
    shutil.copy2(wheel, calc_dir / wheel.name)
    version = json.loads((pyodide / "package.json").read_text(encoding="utf-8"))["version"]
    book = load_book(repo / "rates.yaml")
    figures_version = versions.content_version(load_valid(repo / "rates.yaml"))
    manifest = {
        "wheel": wheel.name,
        # What the worker downloads before Python answers, for its progress: each file's size,
        # and what a host sends for it gzipped, or as its Brotli copy where there is one.
        "download": {
            name: _download_sizes(path)
            for name, path in (
                ("pyodide.asm.wasm", target / "pyodide.asm.wasm"),
                (stdlib.TRIMMED, target / stdlib.TRIMMED),
                (wheel.name, calc_dir / wheel.name),
            )
        },
        "pyodide": version,
        "checked_on": book.meta.checked_on.isoformat(),
        "figures_version": figures_version,
        # Whether a memory snapshot kept on the device may be used (snapshot.py).
        "snapshot": snapshot.entry(
            version,
            [
                target / "pyodide.asm.wasm",
                target / stdlib.TRIMMED,
                calc_dir / wheel.name,
                site / "assets" / "js" / "snapshot-pages.js",
            ],
            figures_version,
            book,
        ),
    }
    (calc_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
