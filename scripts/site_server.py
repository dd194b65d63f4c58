"""Serve a built site folder on this computer, with the right types for Pyodide's files.

Standard library only (it also runs the trainers' offline bundle, on Python 3.8 or newer).
Pyodide hangs without an error when `.wasm` is not served as `application/wasm`, and `.mjs`
must be served as JavaScript; this server gets both right. Text and `.wasm` are sent gzipped
when the browser accepts it, as common web hosts do, or as the Brotli copy the build wrote
beside the file (`NAME.br`, calculators/tools/site/precompressed.py) when there is one and the
browser accepts `br`; a browser revalidating its copy gets "304 Not Modified" for those too.

`--phone` paces every response through one shared link of a cheap phone on mobile data (1.6
Mbit/s down, 150 ms round trips), so that the bench can measure what a member waits for; every
request shares it, the service worker's included (Chromium's own throttling leaves those out).

    python scripts/site_server.py SITE_DIR [--port 8000] [--phone]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import email.utils
import functools
import gzip
import http.server
import io
import os
import threading
import time
from pathlib import Path
from typing import ClassVar

TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".webmanifest": "application/manifest+json",
}


PRECOMPRESSED = ".br"
COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map", ".wasm")


class Link:
    """One network link shared by every response: bytes go out one after another at `rate`
    bytes a second, and each request waits one round trip before its first byte."""

    def __init__(self, down_bits: int, round_trip_ms: int, up_bits: int) -> None:
        self.rate = down_bits / 8
        self.up_rate = up_bits / 8
        self.round_trip = round_trip_ms / 1000
        self.lock = threading.Lock()
        self.free_at = 0.0
        self.sent = 0

    def wait_round_trip(self, request_bytes: int = 0) -> None:
        time.sleep(self.round_trip + request_bytes / self.up_rate)

    def send(self, chunk: bytes, out) -> None:  # type: ignore[no-untyped-def]
        """Write `chunk` once the shared link has carried it."""
        with self.lock:
            start = max(time.monotonic(), self.free_at)
            self.free_at = start + len(chunk) / self.rate
            self.sent += len(chunk)
            done = self.free_at
        time.sleep(max(0.0, done - time.monotonic()))
        out.write(chunk)


# A member's phone on mobile data, as measured (docs: README, "Speed").
PHONE = {"down_bits": 1_600_000, "round_trip_ms": 150, "up_bits": 750_000}
CHUNK = 16 * 1024


def accepted_codings(header: str) -> set[str]:
    """The content codings an Accept-Encoding header allows: those listed, but not with q=0."""
    codings = set()
    for item in header.lower().split(","):
        name, *params = (part.strip() for part in item.split(";"))
        refused = any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params)
        if name and not refused:
            codings.add(name)
    return codings


@functools.lru_cache(maxsize=256)
def gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    """The gzip body of a file, compressed once per version of the file (as web hosts keep
    pre-compressed copies); the key changes whenever the file does."""
    with open(path, "rb") as f:
        return gzip.compress(f.read(), compresslevel=6, mtime=0)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with Pyodide's types, gzip for text (as ordinary web hosts do)."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **TYPES,
    }
    # A subclass may set this (the offline launcher sends "no-cache": a newer bundle served on
    # the same address must not be hidden by copies the browser kept of an older one).
    cache_control: str | None = None
    # The shared link responses are paced through (None: as fast as this computer goes).
    link: Link | None = None

    def handle_one_request(self) -> None:
        if self.link is not None:
            self.link.wait_round_trip()
        super().handle_one_request()

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        if self.link is None:
            super().copyfile(source, outputfile)
            return
        while True:
            chunk = source.read(CHUNK)
            if not chunk:
                break
            self.link.send(chunk, outputfile)

    def end_headers(self) -> None:
        if self.cache_control:
            self.send_header("Cache-Control", self.cache_control)
        super().end_headers()

    def send_head(self):  # type: ignore[override]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # redirects to the address with a slash
            path = os.path.join(path, "index.html")
        codings = accepted_codings(self.headers.get("Accept-Encoding", ""))
        if not (path.endswith(COMPRESSIBLE) and os.path.isfile(path)):
            return super().send_head()
        if "br" in codings and os.path.isfile(path + PRECOMPRESSED):
            stat = os.stat(path + PRECOMPRESSED)
            with open(path + PRECOMPRESSED, "rb") as f:
                body, coding = f.read(), "br"
        elif "gzip" in codings:
            stat = os.stat(path)
            body, coding = gzipped(path, stat.st_mtime_ns, stat.st_size), "gzip"
        else:
            return super().send_head()
        if self.unchanged_since_asked(stat.st_mtime):
            # As for the files http.server sends itself: a browser revalidating its copy (a
            # return visit) gets "not modified", not the whole body again.
            self.send_response(304)
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", coding)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return io.BytesIO(body)

    def unchanged_since_asked(self, mtime: float) -> bool:
        """Whether the request's If-Modified-Since is at or after `mtime` (as http.server
        judges it: whole seconds, UTC, and only without If-None-Match)."""
        asked = self.headers.get("If-Modified-Since")
        if not asked or "If-None-Match" in self.headers:
            return False
        try:
            since = email.utils.parsedate_to_datetime(asked)
        except (TypeError, IndexError, OverflowError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=datetime.timezone.utc)
        modified = datetime.datetime.fromtimestamp(mtime, datetime.timezone.utc).replace(microsecond=0)
        return modified <= since

    def log_message(self, format: str, *args: object) -> None:
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # http.server turns SO_REUSEADDR on; on Windows that lets a second server bind a port that
    # is already in use (and take some of its requests) instead of failing.
    allow_reuse_address = os.name != "nt"

    def handle_error(self, request, client_address):  # type: ignore[no-untyped-def]
        """A browser that closes a connection early is normal, not worth a traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def make_server(
    site: Path,
    port: int = 0,
    host: str = "127.0.0.1",
    handler: type[Handler] = Handler,
    link: Link | None = None,
) -> Server:
    """A server for `site` on host:port (port 0 picks a free one); not started yet. Raises
    OSError when the port cannot be used (taken, or not allowed). With `link`, every response
    is paced through it."""
    if link is not None:
        handler = type("PacedHandler", (handler,), {"link": link})
    return Server((host, port), functools.partial(handler, directory=str(site)))


def serve_in_background(site: Path, port: int = 0, link: Link | None = None) -> tuple[Server, str]:
    """Start serving in a daemon thread; returns the server and its base URL."""
    server = make_server(site, port, link=link)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, real_port = server.server_address[:2]
    return server, f"http://{host}:{real_port}/"


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve a built site folder locally.")
    parser.add_argument("site", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--phone", action="store_true", help="pace responses like a phone on mobile data")
    args = parser.parse_args()
    server = make_server(args.site, args.port, link=Link(**PHONE) if args.phone else None)
    print(f"Serving {args.site} at http://127.0.0.1:{args.port}/ (Ctrl+C to stop)")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
