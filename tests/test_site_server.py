"""The local server (scripts/site_server.py): types, compression as web hosts do it, and the
phone pacing the bench uses. No timing is asserted here (scripts/bench measures)."""

from __future__ import annotations

import gzip
import sys
import urllib.error
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


def _get(url: str, gzip_ok: bool = True, accept: str | None = None) -> tuple[dict[str, str], bytes]:
    if accept is None:
        accept = "gzip" if gzip_ok else ""
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
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


def test_the_brotli_copy_is_sent_to_a_browser_that_accepts_it(site: Path) -> None:
    """A `.br` beside a file (written by the build) is sent as is, encoded `br`, to a browser
    that accepts it; refused with q=0 or absent, the server falls back to gzip."""
    copy = b"not really brotli: the server sends the copy untouched"
    (site / "pyodide" / "pyodide.asm.wasm.br").write_bytes(copy)
    server, base = site_server.serve_in_background(site)
    url = base + "pyodide/pyodide.asm.wasm"
    try:
        headers, body = _get(url, accept="gzip, deflate, br, zstd")
        assert (headers["Content-Encoding"], headers["Content-Type"], body) == (
            "br",
            "application/wasm",
            copy,
        )
        assert headers["Content-Length"] == str(len(copy)) and headers["Vary"] == "Accept-Encoding"
        headers, body = _get(url, accept="br;q=0, gzip")
        assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == WASM
        headers, body = _get(base, accept="br, gzip")  # no copy beside it: gzip
        assert headers["Content-Encoding"] == "gzip"
    finally:
        server.shutdown()


def test_a_browser_revalidating_its_copy_is_told_not_modified(site: Path) -> None:
    """Compressed or not, a request whose If-Modified-Since is the file's date gets 304 and no
    body (a return visit on a phone link then costs round trips, not megabytes); an older date,
    a bad one, or an If-None-Match gets the file."""
    (site / "pyodide" / "pyodide.asm.wasm.br").write_bytes(b"brotli copy")
    server, base = site_server.serve_in_background(site)
    url = base + "pyodide/pyodide.asm.wasm"

    def status(headers: dict[str, str]) -> tuple[int, bytes]:
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    try:
        last = _get(url, accept="br")[0]["Last-Modified"]
        for coding in ("br", "gzip", ""):
            assert status({"Accept-Encoding": coding, "If-Modified-Since": last}) == (304, b""), coding
        assert status({"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT", "Accept-Encoding": "br"}) == (
            200,
            b"brotli copy",
        )
        assert status({"If-Modified-Since": "yesterday", "Accept-Encoding": "br"})[0] == 200
        assert status({"If-Modified-Since": last, "If-None-Match": '"x"', "Accept-Encoding": "br"})[0] == 200
    finally:
        server.shutdown()


def test_accept_encoding_is_read_as_a_list_with_weights() -> None:
    assert site_server.accepted_codings("gzip, deflate, br, zstd") == {"gzip", "deflate", "br", "zstd"}
    assert site_server.accepted_codings("BR;q=0.0, gzip;q=0.5") == {"gzip"}
    assert site_server.accepted_codings("") == set()


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
