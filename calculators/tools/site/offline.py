"""MkDocs hook: the guide works offline after one visit (a service worker with Workbox).

After each build (and after browser_assets.py has put Pyodide and the wheel into the site) it
copies the Workbox runtime from node_modules (pinned in package.json) into
`assets/workbox/` and writes `sw.js` at the site root: the list of every file of the site with a
hash of its content (Workbox's precache manifest), the date the figures were checked, then the
service-worker logic of `assets/js/offline-worker.js`. Any change to any file changes `sw.js`,
which is how browsers find out that a new version exists; Workbox then downloads only the files
whose hash changed. sw.js also carries the figures' content version and each figure in words
(published.py), so that the notice of a new version can say which figures changed. The page side (`assets/js/offline.js`) registers it and tells the reader
when a new version is ready and when they are reading the saved copy without a network.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from calculators.tools.site import download, precompressed, published

WORKBOX_FILES = {
    "workbox-sw": "workbox-sw.js",
    "workbox-core": "workbox-core.prod.js",
    "workbox-precaching": "workbox-precaching.prod.js",
    "workbox-routing": "workbox-routing.prod.js",
    "workbox-strategies": "workbox-strategies.prod.js",
}
SERVICE_WORKER = "sw.js"
# Not worth keeping offline: source maps, the compressed copy of the sitemap, and the Brotli
# copies of the engine's files (a host sends them in place of the file; precompressed.py).
SKIPPED_SUFFIXES = (".map", ".gz", precompressed.SUFFIX)
# The calculators' engine (Pyodide and the wheel, about 14 MB): never saved with the site in the
# background, only when the reader has used a calculator on a fast link, or asks for it on the
# trainers' offline page (assets/js/offline.js). The answers computed at build time are small
# and saved with the site.
ENGINE_PREFIXES = ("assets/pyodide/", "assets/calculators/calculators-")
# The trainers' bundle (download.py): downloaded on purpose, never saved in the background.
DOWNLOADS = download.FOLDER


def _published(config: Any) -> dict[str, Any]:
    """The figures this build publishes: those of the rates.yaml beside mkdocs.yml."""
    from calculators.tools.rates_file import load_valid

    repo = Path(config["config_file_path"]).resolve().parent
    return published.summary(load_valid(repo / "rates.yaml"))


# `mkdocs serve` (scripts/serve) rebuilds on every edit: a saved copy would show the previous
# build until the notice is answered, so while editing there is none (and any left on that
# address from an earlier build is removed by assets/js/offline.js).
_command = {"name": "build"}


def on_startup(command: str, **_: Any) -> None:
    _command["name"] = command


def on_config(config: Any, **_: Any) -> Any:
    """Pages carry the figures' date and content version in <meta>s (docs/_theme/main.html)
    for the page script, and whether this build keeps an offline copy."""
    figures = _published(config)
    config["extra"]["figures_checked_on"] = {"iso": figures["checkedOn"], "text": figures["checkedOnText"]}
    config["extra"]["figures_version"] = figures["figuresVersion"]
    config["extra"]["offline_copy"] = _command["name"] != "serve"
    return config


def _entries(site: Path, engine: bool) -> list[dict[str, Any]]:
    entries = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        url = path.relative_to(site).as_posix()
        if (
            url == SERVICE_WORKER
            or url.endswith(SKIPPED_SUFFIXES)
            or url.startswith(DOWNLOADS)
            or url.startswith(ENGINE_PREFIXES) != engine
        ):
            continue
        data = path.read_bytes()
        entry: dict[str, Any] = {"url": url, "revision": hashlib.sha256(data).hexdigest()[:16]}
        if engine:
            entry["size"] = len(data)
        entries.append(entry)
    return entries


def precache_manifest(site: Path) -> list[dict[str, str]]:
    """Every file of the built site but sw.js and the engine, as Workbox's [{url, revision}]."""
    return _entries(site, engine=False)


def engine_manifest(site: Path) -> list[dict[str, Any]]:
    """The engine's files (Pyodide, the wheel), each with its revision and size."""
    return _entries(site, engine=True)


def service_worker(
    manifest: list[dict[str, str]],
    figures: dict[str, Any],
    engine: list[dict[str, Any]] | None = None,
    snapshot_key: str = "",
) -> str:
    """sw.js: the site's version (of every file), its figures (published.summary), the file list,
    the engine's files (saved only when asked, see ENGINE_PREFIXES), and the key of the engine's
    memory snapshot this version uses (snapshot.py): any other is deleted when it takes over."""
    engine = engine or []
    version = hashlib.sha256(json.dumps([manifest, engine], sort_keys=True).encode()).hexdigest()[:12]
    engine_version = hashlib.sha256(json.dumps(engine, sort_keys=True).encode()).hexdigest()[:12]
    site = {"version": version, "engine": engine_version, "snapshot": snapshot_key, **figures}
    return (
        "// Generated at build time by calculators/tools/site/offline.py: do not edit.\n"
        f"self.__SITE = {json.dumps(site, ensure_ascii=False)};\n"
        "self.__PRECACHE = [\n" + ",\n".join(json.dumps(e) for e in manifest) + "\n];\n"
        "self.__ENGINE = [\n" + ",\n".join(json.dumps(e) for e in engine) + "\n];\n"
        'importScripts("assets/workbox/workbox-sw.js", "assets/js/offline-worker.js");\n'
    )


def _snapshot_key(site: Path) -> str:
    """The snapshot key of the manifest browser_assets.py wrote (that hook runs first); none
    for a site without the calculators' engine."""
    manifest = site / "assets" / "calculators" / "manifest.json"
    if not manifest.exists():
        return ""
    return json.loads(manifest.read_text(encoding="utf-8"))["snapshot"]["key"]


def on_post_build(config: Any, **_: Any) -> None:
    repo = Path(config["config_file_path"]).resolve().parent
    site = Path(config["site_dir"])
    if not config["extra"]["offline_copy"]:
        (site / SERVICE_WORKER).unlink(missing_ok=True)
        return
    target = site / "assets" / "workbox"
    target.mkdir(parents=True, exist_ok=True)
    for package, name in WORKBOX_FILES.items():
        source = repo / "node_modules" / package / "build" / name
        if not source.exists():
            raise PluginError(f"{package} is missing: run scripts/setup (npm ci) first.")
        shutil.copy2(source, target / name)
    manifest = precache_manifest(site)
    worker = service_worker(manifest, _published(config), engine_manifest(site), _snapshot_key(site))
    (site / SERVICE_WORKER).write_text(worker, encoding="utf-8")
