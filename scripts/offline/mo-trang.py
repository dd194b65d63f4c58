#!/usr/bin/env python3
"""Launcher of the offline bundle: serve the `site/` folder next to this file on this computer
and open it in the default browser.

Standard library only: it runs with a plain `python3` (3.8 or newer), nothing to install. The
serving itself is `site_server.py`, copied next to this file by scripts/offline_bundle.py (it
serves `.wasm` as application/wasm and `.mjs` as JavaScript, which Pyodide needs).

    python3 mo-trang.py [--port PORT] [--no-browser]

The site was built for http://127.0.0.1:DEFAULT_PORT/ (scripts/offline_bundle.py reads the port
from here). On another port everything works except the theme's instant navigation, so when the
port is taken the launcher takes a free one and says so. Ctrl+C (or SIGTERM) stops it.

Messages are in Vietnamese, for trainers. No f-strings and no `from __future__` import, so that
an old Python 3 gets to the version check below and its plain message instead of a SyntaxError.
"""

import sys

MIN_PYTHON = (3, 8)
if sys.version_info < MIN_PYTHON:
    sys.stderr.write(
        "Cần Python %d.%d trở lên; máy này đang chạy Python %d.%d. "
        "Hãy cài Python 3 mới từ python.org rồi chạy lại.\n" % (MIN_PYTHON + sys.version_info[:2])
    )
    sys.exit(1)

import argparse  # noqa: E402
import signal  # noqa: E402
import threading  # noqa: E402
import webbrowser  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Optional  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import site_server  # noqa: E402

# Fixed so that the site's address, and with it the browser's cache and saved data, stays the
# same from one session to the next; see "Offline bundle for trainers" in the README.
DEFAULT_PORT = 8642
HOST = "127.0.0.1"
SITE = HERE / "site"


class Handler(site_server.Handler):
    # The browser must ask again each time (a cheap local request): a newer bundle unpacked
    # later is served on the same address, and must not be hidden by copies of the older one.
    cache_control = "no-cache"


def say(*lines: str) -> None:
    for line in lines:
        print(line, flush=True)


def port_number(text: str) -> int:
    """argparse type of --port: a whole number from 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError("“%s” không phải số cổng (từ 1 đến 65535)." % text)
    return port


def parse_args(argv: list) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="mo-trang.py",
        description="Mở trang hướng dẫn trên máy này, không cần mạng.",
    )
    parser.add_argument(
        "--port",
        type=port_number,
        default=DEFAULT_PORT,
        help="cổng để chạy trang (mặc định %d; nếu cổng bận thì tự chọn cổng khác)" % DEFAULT_PORT,
    )
    parser.add_argument("--no-browser", action="store_true", help="không tự mở trình duyệt")
    return parser.parse_args(argv)


def open_server(site: Path, port: int) -> "site_server.Server":
    """A server for `site` on HOST:port, or on a free port when that one cannot be used."""
    try:
        return site_server.make_server(site, port, HOST, Handler)
    except OSError:
        return site_server.make_server(site, 0, HOST, Handler)


def notes(wanted: int, port: int) -> list:
    """What to tell about the port: taken (so another was used), and instant navigation being
    off on any port but the one the site was built for."""
    lines = []
    if port != wanted:
        lines.append(
            "Cổng %d đang bận hoặc không dùng được (có thể trang đã mở ở một cửa sổ khác), "
            "nên dùng cổng %d." % (wanted, port)
        )
    if port != DEFAULT_PORT:
        lines.append("Chế độ chuyển trang nhanh tạm tắt, nhưng mọi trang và máy tính vẫn dùng được.")
    return lines


def stop_on_signals() -> None:
    """Ctrl+C stops the server even when started with SIGINT ignored (as a background job of
    a shell script is); SIGTERM and SIGHUP (the terminal was closed) stop it the same way,
    unless SIGHUP is ignored on purpose (nohup)."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, stop)


def main(argv: Optional[list] = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not (SITE / "index.html").is_file():
        sys.stderr.write(
            "Không thấy thư mục “site” cạnh tệp mo-trang.py.\n"
            "Hãy giải nén cả tệp zip ra một thư mục rồi chạy lại từ thư mục đó.\n"
        )
        return 1
    server = open_server(SITE, args.port)
    port = server.server_address[1]
    url = "http://%s:%d/" % (HOST, port)
    say("Trang hướng dẫn đang chạy trên máy này, không cần mạng.", *notes(args.port, port))
    say(
        "Địa chỉ: " + url,
        "Nếu trình duyệt không tự mở, hãy gõ địa chỉ này vào trình duyệt.",
        "Để cửa sổ này mở trong lúc dùng. Muốn tắt: nhấn Ctrl+C hoặc đóng cửa sổ.",
    )
    try:
        stop_on_signals()
        if not args.no_browser:
            # In a thread: on some computers opening the browser takes a while, or never returns.
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    say("Đã tắt trang. Có thể đóng cửa sổ này.")
    return 0


if __name__ == "__main__":
    # A console that cannot show Vietnamese letters gets "?" instead of a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    sys.exit(main())
