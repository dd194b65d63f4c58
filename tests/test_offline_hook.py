"""calculators/tools/site/offline.py: the service worker's file list, and no offline copy while a
maintainer edits with `mkdocs serve` (the browser side is tested in tests/browser/test_offline.py)."""

from __future__ import annotations

import json
from pathlib import Path

from calculators.tools.paths import RATES, REPO
from calculators.tools.rates_file import load_valid
from calculators.tools.site import offline
from calculators.tools.site.published import summary


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "assets" / "js").mkdir(parents=True)
    (site / "index.html").write_text("<p>a</p>", encoding="utf-8")
    (site / "assets" / "js" / "x.js").write_text("1", encoding="utf-8")
    (site / "assets" / "js" / "x.js.map").write_text("{}", encoding="utf-8")
    (site / "sitemap.xml.gz").write_bytes(b"gz")
    (site / "sw.js").write_text("old", encoding="utf-8")
    return site


def test_the_list_has_every_file_but_sw_js_maps_and_gz(tmp_path: Path) -> None:
    site = _site(tmp_path)
    first = offline.precache_manifest(site)
    assert [e["url"] for e in first] == ["assets/js/x.js", "index.html"]
    (site / "index.html").write_text("<p>b</p>", encoding="utf-8")
    second = offline.precache_manifest(site)
    assert first[0] == second[0] and first[1]["revision"] != second[1]["revision"]
    figures = {
        "figuresVersion": "abc123",
        "checkedOn": "2026-11-28",
        "checkedOnText": "28/11/2026",
        "figures": {},
    }
    sw = offline.service_worker(second, figures)
    assert '"checkedOnText": "28/11/2026"' in sw and '"figuresVersion": "abc123"' in sw
    assert '{"url": "index.html"' in sw
    assert sw.rstrip().endswith(
        'importScripts("assets/workbox/workbox-sw.js", "assets/js/offline-worker.js");'
    )


def test_the_engine_is_listed_apart_and_never_precached(tmp_path: Path) -> None:
    """Pyodide and the wheel are saved only when the page asks (assets/js/offline.js)."""
    site = _site(tmp_path)
    (site / "assets" / "pyodide").mkdir(parents=True)
    (site / "assets" / "pyodide" / "pyodide.asm.wasm").write_bytes(b"\0asm")
    (site / "assets" / "pyodide" / "pyodide.asm.wasm.br").write_bytes(b"br")  # a host sends it instead
    (site / "assets" / "calculators").mkdir(parents=True)
    (site / "assets" / "calculators" / "calculators-abc.whl").write_bytes(b"PK")
    (site / "assets" / "calculators" / "manifest.json").write_text("{}", encoding="utf-8")
    precached = [e["url"] for e in offline.precache_manifest(site)]
    engine = offline.engine_manifest(site)
    assert "assets/calculators/manifest.json" in precached
    assert not [u for u in precached if u.startswith(offline.ENGINE_PREFIXES)]
    assert [e["url"] for e in engine] == [
        "assets/calculators/calculators-abc.whl",
        "assets/pyodide/pyodide.asm.wasm",
    ]
    assert [e["size"] for e in engine] == [2, 4]
    sw = offline.service_worker(offline.precache_manifest(site), {"figures": {}}, engine)
    assert (
        "self.__ENGINE = [" in sw and '"assets/pyodide/pyodide.asm.wasm"' in sw.split("self.__ENGINE", 1)[1]
    )
    assert '"assets/pyodide/pyodide.asm.wasm"' not in sw.split("self.__ENGINE", 1)[0]


def test_mkdocs_serve_keeps_no_offline_copy(tmp_path: Path) -> None:
    site = _site(tmp_path)
    repo = REPO
    config = {"extra": {}, "config_file_path": str(repo / "mkdocs.yml"), "site_dir": str(site)}
    try:
        offline.on_startup(command="serve", dirty=False)
        offline.on_config(config)
        assert config["extra"]["offline_copy"] is False
        offline.on_post_build(config)
        assert not (site / "sw.js").exists()  # nothing to register: pages say offline-copy off
        offline.on_startup(command="build", dirty=False)
        offline.on_config(config)
        assert config["extra"]["offline_copy"] is True
        offline.on_post_build(config)
        sw = (site / "sw.js").read_text(encoding="utf-8")
        assert "self.__PRECACHE" in sw
        # The figures of rates.yaml, their content version and each in words, for the notice.
        published = json.loads(sw.split("self.__SITE = ", 1)[1].split(";\n", 1)[0])
        assert published == {
            "version": published["version"],
            "engine": published["engine"],
            "snapshot": "",  # no engine in this site (its key: tests/test_snapshot_key.py)
            **summary(load_valid(RATES)),
        }
        assert config["extra"]["figures_version"] == published["figuresVersion"]
    finally:
        offline.on_startup(command="build", dirty=False)
