"""The local server (scripts/site_server.py): types, compression as web hosts do it, and the
phone pacing the bench uses. No timing is asserted here (scripts/bench measures)."""

from __future__ import annotations

import gzip
import sys
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import site_server

WASM = b"\x00asm\x01\x00\x00\x00" + bytes(range(256)) * 400


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "pyodide").mkdir()
    (tmp_path / "pyodide" / "pyodide.asm.wasm").write_bytes(WASM)
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    return tmp_path


def _get(url: str, gzip_ok: bool = True) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return dict(response.headers), response.read()


def test_wasm_is_served_gzipped_with_its_type_as_hosts_do(site: Path) -> None:
    server, base = site_server.serve_in_background(site)
    try:
        headers, body = _get(base + "pyodide/pyodide.asm.wasm")
        assert headers["Content-Type"] == "application/wasm"
        assert headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == WASM and len(body) < len(WASM)
        plain_headers, plain = _get(base + "pyodide/pyodide.asm.wasm", gzip_ok=False)
        assert "Content-Encoding" not in plain_headers and plain == WASM
    finally:
        server.shutdown()


def test_the_phone_link_carries_every_byte_of_every_response(site: Path) -> None:
    """Paced through one shared link (fast here, so the test is quick): same bytes, all counted."""
    link = site_server.Link(down_bits=400_000_000, round_trip_ms=1, up_bits=100_000_000)
    server, base = site_server.serve_in_background(site, link=link)
    try:
        _, body = _get(base + "pyodide/pyodide.asm.wasm")
        _, page = _get(base, gzip_ok=False)
        assert gzip.decompress(body) == WASM
        assert page.startswith(b"<!doctype html>")
        assert link.sent == len(body) + len(page)
    finally:
        server.shutdown()


def test_the_phone_profile_is_the_measured_link() -> None:
    assert site_server.PHONE == {"down_bits": 1_600_000, "round_trip_ms": 150, "up_bits": 750_000}
