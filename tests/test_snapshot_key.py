"""calculators/tools/site/snapshot.py: the key a memory snapshot of the engine is kept under
changes with Pyodide, each file the engine starts from and the figures, and the built site's
service worker deletes any snapshot but the manifest's (the browser side is
tests/browser/test_snapshot.py)."""

from __future__ import annotations

import json
from pathlib import Path

from calculators.tools.site import snapshot


def test_the_key_changes_with_pyodide_each_file_and_the_figures(tmp_path: Path) -> None:
    files = []
    for name in ("pyodide.asm.wasm", "python_stdlib_trimmed.zip", "calculators-1.whl"):
        (tmp_path / name).write_bytes(name.encode())
        files.append(tmp_path / name)
    first = snapshot.key("314.0.7", files, "figures-a")
    assert first.startswith("314.0.7-") and first == snapshot.key("314.0.7", files, "figures-a")
    others = {snapshot.key("314.0.8", files, "figures-a"), snapshot.key("314.0.7", files, "figures-b")}
    for path in files:
        original = path.read_bytes()
        path.write_bytes(original + b"changed")
        others.add(snapshot.key("314.0.7", files, "figures-a"))
        path.write_bytes(original)
    assert first not in others and len(others) == 5


def test_the_service_worker_keeps_only_the_manifests_snapshot(built: Path) -> None:
    manifest = json.loads((built / "assets" / "calculators" / "manifest.json").read_text(encoding="utf-8"))
    sw = (built / "sw.js").read_text(encoding="utf-8")
    site = json.loads(sw.split("self.__SITE = ", 1)[1].split(";\n", 1)[0])
    assert site["snapshot"] == manifest["snapshot"]["key"]
    assert all(len(p["sha256"]) == 64 for p in manifest["snapshot"]["probes"])


def test_the_manifests_key_covers_the_engines_files_and_the_layout_it_is_kept_in(built: Path) -> None:
    """The WebAssembly, the trimmed standard library, the wheel and snapshot-pages.js (a new
    layout must never read an old snapshot), as served, with the figures' version."""
    manifest = json.loads((built / "assets" / "calculators" / "manifest.json").read_text(encoding="utf-8"))
    files = [
        built / "assets" / "pyodide" / "pyodide.asm.wasm",
        built / "assets" / "pyodide" / "python_stdlib_trimmed.zip",
        built / "assets" / "calculators" / manifest["wheel"],
        built / "assets" / "js" / "snapshot-pages.js",
    ]
    expected = snapshot.key(manifest["pyodide"], files, manifest["figures_version"])
    assert manifest["snapshot"]["key"] == expected
    assert snapshot.key(manifest["pyodide"], files[:3], manifest["figures_version"]) != expected
