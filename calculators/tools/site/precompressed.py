"""Brotli copies of the engine's large files, for hosts that serve a `.br` beside a file.

A phone on mobile data spends most of its wait on the engine: Pyodide's wasm (9.6 MB, 3.6 MB
gzipped), its JavaScript and the standard library. Brotli at its highest quality makes them
about a fifth smaller than gzip, but takes half a minute for the wasm alone, far too slow for
a web host to do on each request. So the build writes `NAME.br` next to each of them, and a
host that knows precompressed files (`scripts/site_server.py`, nginx's `brotli_static`, most
static hosts) sends it to a browser that accepts `br`; any other host ignores it. The copies
are made once per content and kept in the user's cache folder (`~/.cache/cantho-antt/brotli`,
or under $XDG_CACHE_HOME), so rebuilding the site, or a test building a copy of it, costs
nothing; deleting that folder is always safe.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import brotli

SUFFIX = ".br"
QUALITY = 11


def cache_dir() -> Path:
    """Where the copies are kept between builds (the XDG convention pip and ruff follow too)."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "cantho-antt" / "brotli"


def _cached(cache: Path, name: str, make: Callable[[], bytes]) -> bytes:
    """The bytes kept under `name` in the cache, made (and kept) the first time."""
    kept = cache / name
    if not kept.exists():
        cache.mkdir(parents=True, exist_ok=True)
        partial = kept.with_name(f"{kept.name}.{os.getpid()}.part")
        partial.write_bytes(make())
        partial.replace(kept)  # whole or absent, even with two builds at once
    return kept.read_bytes()


def write_copy(path: Path, cache: Path) -> Path:
    """Write `path` + `.br` beside `path`, from the cache when this content was compressed
    before; returns the copy's path."""
    data = path.read_bytes()
    key = hashlib.sha256(data).hexdigest()
    copy = path.with_name(path.name + SUFFIX)
    copy.write_bytes(
        _cached(cache, f"{key}-q{QUALITY}{SUFFIX}", lambda: brotli.compress(data, quality=QUALITY))
    )
    return copy


def gzip_size(path: Path, cache: Path) -> int:
    """How many bytes a host that gzips (at the usual level 6) sends for `path`: what the
    progress shows before the response says it."""
    data = path.read_bytes()
    key = hashlib.sha256(data).hexdigest()
    size = _cached(
        cache, f"{key}.gzip-size", lambda: str(len(gzip.compress(data, compresslevel=6, mtime=0))).encode()
    )
    return int(size)
