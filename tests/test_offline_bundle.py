"""The offline bundle for trainers (scripts/offline-bundle, scripts/offline_bundle.py) and its
launcher (scripts/offline/mo-trang.py).

The launcher always runs as trainers run it: a separate process of the system's python3, not the
project's .venv (it must need nothing installed). The fast tests give it a tiny stand-in site:
arguments, the fallback to a free port when its port is taken, opening the browser, the types
it serves, stopping. The slow test makes the real archive, unpacks it, starts its launcher and
checks a calculator's result in Chromium through it.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "scripts"
OFFLINE = SCRIPTS / "offline"
sys.path.insert(0, str(SCRIPTS))

import offline_bundle  # noqa: E402

LAUNCHED = ["mo-trang.py", "site_server.py", "mo-trang.bat", "mo-trang.command", "HUONG-DAN.txt"]
ADDRESS = re.compile(r"^Địa chỉ: (http://127\.0\.0\.1:(\d+)/)$")
STOPPED = "Đã tắt trang."
INSTANT_OFF = "chuyển trang nhanh tạm tắt"


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # (dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


launcher = _load(OFFLINE / "mo-trang.py", "offline_launcher")


def system_python() -> str:
    """python3 as a trainer's computer has it: $SYSTEM_PYTHON, else Debian's, else the first on
    PATH; never the project's virtual environment."""
    found = os.environ.get("SYSTEM_PYTHON") or next(
        (p for p in ("/usr/bin/python3", shutil.which("python3")) if p and os.access(p, os.X_OK)), None
    )
    assert found, "no python3 outside the virtual environment to run the launcher with"
    assert not Path(found).absolute().is_relative_to(REPO), found
    return found


def clean_env(**extra: str) -> dict[str, str]:
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Launcher:
    """The launcher in its own process; its output is read line by line as it comes."""

    def __init__(
        self,
        folder: Path,
        *args: str,
        python_flags: tuple[str, ...] = (),
        sigint_ignored: bool = False,
        **env: str,
    ) -> None:
        self.output: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        self.proc = subprocess.Popen(
            [system_python(), *python_flags, "mo-trang.py", *args],
            cwd=folder,
            env=clean_env(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            # as a shell starts a background job: SIGINT ignored (exec keeps that)
            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout
        for raw in self.proc.stdout:
            self._lines.put(raw.decode("utf-8").rstrip("\r\n"))
        self._lines.put(None)

    def address(self, timeout: float = 20) -> str:
        """The address the launcher prints (waits for it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            self.output.append(line)
            if m := ADDRESS.match(line):
                return m[1]
        raise AssertionError("the launcher printed no address:\n" + "\n".join(self.output))

    def stop(self, how: signal.Signals = signal.SIGINT, timeout: float = 10) -> int:
        """Send `how` and wait for the end; returns the exit status (the rest of the output is read)."""
        self.proc.send_signal(how)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError(f"the launcher did not stop on {how.name} within {timeout} s") from None
        while (line := self._lines.get(timeout=5)) is not None:
            self.output.append(line)
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def launch() -> Iterator:
    started: list[Launcher] = []

    def start(folder: Path, *args: str, **kwargs: object) -> Launcher:
        started.append(Launcher(folder, *args, **kwargs))  # type: ignore[arg-type]
        return started[-1]

    yield start
    for one in started:
        one.kill()


@pytest.fixture
def stand_in(tmp_path: Path) -> Path:
    """The launcher and site_server.py next to a tiny site, as in the archive."""
    folder = tmp_path / "bundle"
    (folder / "site" / "assets").mkdir(parents=True)
    (folder / "site" / "index.html").write_text(
        "<!doctype html><title>thử</title>Trang chủ", encoding="utf-8"
    )
    (folder / "site" / "assets" / "a.wasm").write_bytes(b"\0asm\1\0\0\0")
    (folder / "site" / "assets" / "a.mjs").write_text("export const a = 1;\n", encoding="utf-8")
    shutil.copy2(OFFLINE / "mo-trang.py", folder)
    shutil.copy2(SCRIPTS / "site_server.py", folder)
    return folder


def fetch(url: str) -> tuple[int, str, str, bytes]:
    """(status, Content-Type, Cache-Control, body) of a GET without compression."""
    with urllib.request.urlopen(url, timeout=10) as response:
        headers = response.headers
        return response.status, headers["Content-Type"], headers["Cache-Control"], response.read()


# --- the launcher, fast ----------------------------------------------------------------------


def test_launcher_needs_only_the_standard_library() -> None:
    for path in (OFFLINE / "mo-trang.py", SCRIPTS / "site_server.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        imported |= {
            node.module.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
        }
        outside = imported - set(sys.stdlib_module_names) - {"site_server"}
        assert not outside, f"{path.name} imports {outside}"


def test_port_taken_falls_back_to_a_free_one_and_says_so(stand_in: Path, launch) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        # -I -S: no site-packages and no environment variables of Python: nothing installed.
        run = launch(stand_in, "--no-browser", "--port", str(busy), python_flags=("-I", "-S"))
        url = run.address()
        port = int(urlsplit(url).port or 0)
        assert port not in (busy, 0)
        said = "\n".join(run.output)
        assert f"Cổng {busy} đang bận" in said and f"dùng cổng {port}" in said, said
        assert INSTANT_OFF in said, said
        status, kind, cache, body = fetch(url)
        assert status == 200 and "Trang chủ" in body.decode("utf-8") and kind.startswith("text/html")
        assert cache == "no-cache"
        assert fetch(url + "assets/a.wasm")[1] == "application/wasm"
        assert fetch(url + "assets/a.mjs")[1] in ("text/javascript", "application/javascript")
    assert run.stop(signal.SIGTERM) == 0
    assert run.output[-1].startswith(STOPPED), run.output


def test_chosen_free_port_is_used_and_ctrl_c_stops(stand_in: Path, launch) -> None:
    port = free_port()
    run = launch(stand_in, "--port", str(port), "--no-browser", sigint_ignored=True)
    assert run.address() == f"http://127.0.0.1:{port}/"
    said = "\n".join(run.output)
    assert "đang bận" not in said
    assert (INSTANT_OFF in said) == (port != launcher.DEFAULT_PORT)
    assert fetch(f"http://127.0.0.1:{port}/")[0] == 200
    assert run.stop(signal.SIGINT) == 0
    assert run.output[-1].startswith(STOPPED), run.output
    with pytest.raises(ConnectionRefusedError):  # nothing listens there any more
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


def test_notes_about_the_port() -> None:
    default = launcher.DEFAULT_PORT
    assert launcher.notes(default, default) == []
    taken = launcher.notes(default, 50123)
    assert len(taken) == 2 and f"Cổng {default} đang bận" in taken[0] and INSTANT_OFF in taken[1]
    chosen = launcher.notes(50123, 50123)
    assert len(chosen) == 1 and INSTANT_OFF in chosen[0]


def test_the_browser_is_opened_at_the_address_unless_no_browser(
    stand_in: Path,
    tmp_path: Path,
    launch,
) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "fake-browser"
    browser.write_text(f'#!/bin/sh\necho "$1" >> "{opened}"\n', encoding="utf-8")
    browser.chmod(0o755)
    quiet = launch(stand_in, "--no-browser", "--port", str(free_port()), BROWSER=str(browser))
    quiet.address()
    loud = launch(stand_in, "--port", str(free_port()), BROWSER=str(browser))
    url = loud.address()
    deadline = time.monotonic() + 10
    while not opened.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # had the other launcher opened it too, it would have by now
    assert opened.read_text(encoding="utf-8").split() == [url]
    assert quiet.stop() == 0 and loud.stop() == 0


@pytest.mark.parametrize(
    "args,message",
    [
        (["--port", "abc"], "không phải số cổng"),
        (["--port", "0"], "không phải số cổng"),
        (["--port", "70000"], "không phải số cổng"),
        (["--browser"], "unrecognized arguments"),
    ],
)
def test_wrong_arguments_are_refused(stand_in: Path, args: list[str], message: str) -> None:
    proc = subprocess.run(
        [system_python(), "mo-trang.py", *args, "--no-browser"],
        cwd=stand_in,
        env=clean_env(),
        capture_output=True,
        timeout=30,
    )
    assert proc.returncode == 2, proc
    assert message in proc.stderr.decode("utf-8"), proc.stderr.decode("utf-8")


def test_help_is_in_vietnamese(stand_in: Path) -> None:
    proc = subprocess.run(
        [system_python(), "mo-trang.py", "--help"],
        cwd=stand_in,
        env=clean_env(),
        capture_output=True,
        timeout=30,
    )
    out = proc.stdout.decode("utf-8")
    assert proc.returncode == 0, proc
    assert "--port" in out and "--no-browser" in out and "không tự mở trình duyệt" in out


def test_without_the_site_folder_it_says_to_unpack_first(stand_in: Path) -> None:
    shutil.rmtree(stand_in / "site")
    proc = subprocess.run(
        [system_python(), "mo-trang.py", "--no-browser"],
        cwd=stand_in,
        env=clean_env(),
        capture_output=True,
        timeout=30,
    )
    assert proc.returncode == 1
    assert "giải nén" in proc.stderr.decode("utf-8")


# --- the archive, fast (a stand-in site) -----------------------------------------------------


def test_the_bundle_port_is_the_launchers() -> None:
    assert offline_bundle.launcher_port() == launcher.DEFAULT_PORT


def test_archive_layout(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html>", encoding="utf-8")
    (site / "assets" / "x.zip").write_bytes(b"PK")
    (site / "assets" / "x.wasm.br").write_bytes(b"br")  # for web hosts only: left out
    date = offline_bundle.checked_on()
    archive = offline_bundle.write_archive(site, tmp_path / "dist", date, 8642)
    top = f"cantho-antt-offline-{date.isoformat()}"
    assert archive == tmp_path / "dist" / f"{top}.zip"
    assert [p.name for p in (tmp_path / "dist").iterdir()] == [archive.name]  # no partial file left
    with zipfile.ZipFile(archive) as z:
        infos = {i.filename: i for i in z.infolist()}
        assert sorted(infos) == sorted(
            [f"{top}/site/index.html", f"{top}/site/assets/x.zip"] + [f"{top}/{name}" for name in LAUNCHED]
        )
        mode = {name: infos[f"{top}/{name}"].external_attr >> 16 for name in LAUNCHED}
        assert mode["mo-trang.command"] & 0o111 and mode["mo-trang.py"] & 0o111
        assert not mode["HUONG-DAN.txt"] & 0o111
        assert infos[f"{top}/site/assets/x.zip"].compress_type == zipfile.ZIP_STORED
        assert z.read(f"{top}/mo-trang.py") == (OFFLINE / "mo-trang.py").read_bytes()
        assert z.read(f"{top}/site_server.py") == (SCRIPTS / "site_server.py").read_bytes()
        bat = z.read(f"{top}/mo-trang.bat")
        assert bat.count(b"\r\n") == bat.count(b"\n") > 0 and b"py -3 mo-trang.py" in bat
        guide_bytes = z.read(f"{top}/HUONG-DAN.txt")
    assert guide_bytes.startswith(b"\xef\xbb\xbf") and guide_bytes.count(b"\r\n") == guide_bytes.count(b"\n")
    guide = guide_bytes.decode("utf-8-sig")
    assert "$" not in guide
    for words in (
        date.strftime("%d/%m/%Y"),
        "Python 3",
        "mo-trang.bat",
        "mo-trang.command",
        "python3 mo-trang.py",
        "Ctrl+C",
        "http://127.0.0.1:8642/",
        "tham khảo",
        "Cần Thơ",
        "hỏi nơi bạn nhận gói",  # no published address given: whom to ask for a newer one
    ):
        assert words in guide, words


def test_the_guide_says_where_to_check_for_a_newer_bundle() -> None:
    guide = offline_bundle.guide_text(offline_bundle.checked_on(), 8642, "https://owner.github.io/guide/")
    assert "https://owner.github.io/guide/tap-huan/khong-co-mang/#tai-goi" in guide
    assert "mới nhất" in guide and "$" not in guide


# --- the real bundle, in Chromium ------------------------------------------------------------

# A typed income: answered by Python (choices alone come from the answers stored at build time).
CALC_PAGE = "may-tinh/bao-hiem-xa-hoi/?calc=bhxh&date=2024-08-15&group=other&income=2000000"
ANSWERS = {"date": "2024-08-15", "group": "other", "income": "2000000"}
RESULT = "section.calc-result[data-total]"


@pytest.mark.slow
def test_the_bundle_runs_with_plain_python3_and_computes_in_chromium(
    tmp_path: Path, launch, browser_type
) -> None:
    """`browser_type` is pytest-playwright's: one Playwright for the whole run (a second
    sync_playwright() inside the same session is refused)."""
    from books import REAL as BOOK

    from calculators import run

    browser_conftest = _load(REPO / "tests" / "browser" / "conftest.py", "browser_conftest_for_bundle")
    archive = offline_bundle.make_bundle(tmp_path / "dist")
    date = offline_bundle.checked_on()
    top = f"cantho-antt-offline-{date.isoformat()}"
    assert archive.name == f"{top}.zip"
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        z.extractall(tmp_path / "unpacked")
    assert {n.split("/", 1)[0] for n in names} == {top}, "one top folder"
    folder = tmp_path / "unpacked" / top
    for name in LAUNCHED + [
        "site/index.html",
        "site/assets/pyodide/pyodide.asm.wasm",
        "site/assets/pyodide/pyodide.mjs",
        "site/assets/calculators/manifest.json",
    ]:
        assert (folder / name).is_file(), name
    manifest = (folder / "site/assets/calculators/manifest.json").read_text(encoding="utf-8")
    assert f'"checked_on": "{date.isoformat()}"' in manifest
    sitemap = (folder / "site/sitemap.xml").read_text(encoding="utf-8")
    assert f"http://127.0.0.1:{launcher.DEFAULT_PORT}/" in sitemap, "site_url is not the launcher's port"
    leaked = [
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.suffix in (".html", ".js", ".json", ".xml", ".txt", ".py", ".css", ".command", ".bat")
        and str(REPO) in p.read_text(encoding="utf-8", errors="replace")
    ]
    assert not leaked, f"files of the bundle name this computer's folders: {leaked}"

    # As a trainer starts it: python3 mo-trang.py in the unpacked folder (SIGINT = Ctrl+C).
    server = launch(folder, "--no-browser", "--port", str(free_port()))
    base = server.address()
    assert fetch(base + "assets/pyodide/pyodide.asm.wasm")[1] == "application/wasm"
    assert fetch(base + "assets/pyodide/pyodide.mjs")[1] in ("text/javascript", "application/javascript")

    requests: list[str] = []
    types: dict[str, str] = {}
    browser = browser_type.launch(
        executable_path=browser_conftest.CHROMIUM, args=browser_conftest.CHROMIUM_ARGS
    )
    try:
        context = browser.new_context(locale="vi-VN")
        context.on("request", lambda r: requests.append(r.url))
        context.on("response", lambda r: types.update({r.url: r.headers.get("content-type", "")}))
        page = context.new_page()
        page.goto(base + CALC_PAGE)
        page.wait_for_selector(RESULT, state="visible", timeout=60_000)
        total = page.get_attribute(RESULT, "data-total")
        status = page.get_attribute(".calc-status", "data-kind")
        context.close()
    finally:
        browser.close()

    assert status == "done"
    assert total == str(run("bhxh", ANSWERS, book=BOOK).total)
    outside = [
        u
        for u in requests
        if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).netloc != urlsplit(base).netloc
    ]
    assert not outside, f"requests to other hosts: {outside}"
    wasm = [u for u in types if u.endswith("/pyodide.asm.wasm")]
    assert wasm and all(types[u] == "application/wasm" for u in wasm), types
    assert any(u.endswith("/pyodide.mjs") for u in requests), "Pyodide was not loaded through the launcher"
    assert server.stop(signal.SIGINT) == 0
    assert server.output[-1].startswith(STOPPED), server.output
