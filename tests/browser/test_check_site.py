"""scripts/check-site against copies of the guide: the local server at the root, a build under a
sub-path (as GitHub Pages serves a project), and servers that get something wrong (the `.wasm`
type, compression, the address the site was built for). It runs as a maintainer runs it: the
script in its own process, its lines and exit code read back."""

from __future__ import annotations

import http.server
import io
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import REPOSITORY, _free_port
from site_build import build_site
from site_server import Handler, make_server

from calculators.registry import CALCULATORS

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SUB = "/huong-dan/"


def check(url: str) -> tuple[int, list[str]]:
    proc = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "check_site.py"), url],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stdout.splitlines()


def serving(root: Path, handler: type[Handler] = Handler, port: int = 0) -> Iterator[str]:
    """`root` served on 127.0.0.1 until the generator is closed; yields the address (no '/')."""
    server = make_server(root, port, handler=handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The guide built for http://127.0.0.1:PORT/huong-dan/ and served there (the root is empty)."""
    port = _free_port()
    root = tmp_path_factory.mktemp("pages")
    build_site(root / SUB.strip("/"), port, repo_url=REPOSITORY, path=SUB)
    yield from serving(root, port=port)


def test_the_local_copy_passes_every_check(site: str) -> None:
    code, lines = check(site)
    assert code == 0, "\n".join(lines)
    assert lines[-1] == "Kết quả: mọi kiểm tra đều đạt."
    assert not [line for line in lines if line.startswith("LỖI")]
    for name in CALCULATORS:
        assert any(line.startswith(f"OK     Máy tính {name}:") for line in lines), name
    assert any("Service worker đã đăng ký" in line for line in lines)
    assert any("Không có yêu cầu nào ra ngoài" in line for line in lines)
    assert any(line.startswith("OK     assets/pyodide/pyodide.asm.wasm: nén") for line in lines)


def test_a_copy_under_a_sub_path_passes_and_its_root_is_not_the_site(sub_path_site: str) -> None:
    code, lines = check(sub_path_site + SUB)
    assert code == 0, "\n".join(lines)
    code, lines = check(sub_path_site + "/")
    assert code == 1
    assert lines[0].startswith("LỖI") and "sitemap.xml" in lines[0]


class WrongWasm(Handler):
    """A host that serves WebAssembly as a plain download, compresses nothing, and whose pages
    ask another host for an image."""

    extensions_map: ClassVar[dict[str, str]] = {**Handler.extensions_map, ".wasm": "application/octet-stream"}

    built_for = ""  # the address the copy was built for: its sitemap is rewritten to this server's

    def send_head(self):  # type: ignore[no-untyped-def, override]
        here = f"http://{self.headers['Host']}/"
        path = Path(self.translate_path(self.path))
        page = path / "index.html" if path.is_dir() else path
        if page.suffix == ".html" and page.is_file():  # and pages that ask another host for an image
            body = page.read_bytes().replace(
                b"</body>", b'<img src="http://other.invalid/pixel.png" alt=""></body>'
            )
            return self._send(body, "text/html")
        if self.path == "/sitemap.xml":
            body = (Path(self.directory) / "sitemap.xml").read_bytes()
            return self._send(body.replace(self.built_for.encode(), here.encode()), "application/xml")
        return http.server.SimpleHTTPRequestHandler.send_head(self)  # never the gzip or .br copy

    def _send(self, body: bytes, kind: str) -> io.BytesIO:
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="module")
def wrong_server(site_dir: Path, site: str) -> Iterator[str]:
    yield from serving(site_dir, type("WrongWasmHere", (WrongWasm,), {"built_for": site}))


def test_a_host_with_the_wrong_wasm_type_or_another_hosts_image_fails_and_no_compression_costs_are_said(
    wrong_server: str,
) -> None:
    code, lines = check(wrong_server + "/")
    assert code == 1
    wasm = [line for line in lines if "pyodide.asm.wasm: kiểu" in line]
    assert (
        wasm
        and wasm[0].startswith("LỖI")
        and "application/octet-stream" in wasm[0]
        and "application/wasm" in wasm[0]
    )
    costs = [line for line in lines if "không nén" in line]
    assert costs and all(line.startswith("LƯU Ý") and "tốn thêm" in line for line in costs)
    engine = [line for line in lines if "bộ tính toán" in line]
    assert engine and engine[0].startswith("LỖI") and ".wasm" in engine[0], "\n".join(lines)
    outside = [line for line in lines if "yêu cầu ra ngoài" in line]
    assert outside and outside[0].startswith("LỖI") and "other.invalid" in outside[0], "\n".join(lines)
    assert lines[-1] == "Kết quả: có lỗi."


def test_an_address_that_is_not_http_is_refused() -> None:
    code, _ = check("ftp://127.0.0.1/")
    assert code == 2
