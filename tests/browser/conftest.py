"""Browser tests: the built site served on this computer, in Debian's Chromium via Playwright.

The site is built once per session with `site_url` on the port it is served from (instant
navigation needs the two to match). Chromium is started with the flags this closed network
needs; Playwright never downloads a browser.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

from site_build import build_site  # noqa: E402
from site_server import serve_in_background  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Playwright's own --disable-features list (its driver's `disabledFeatures`, Playwright 1.65).
# Chromium keeps only the last --disable-features switch, so ours must repeat it;
# tests/browser/test_launch.py fails when an upgraded Playwright changes its list.
PLAYWRIGHT_DISABLED_FEATURES = [
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
]
# Headless Chromium 156 builds the address bar's pop-up (a WebUI page) in a hidden renderer for
# every new window: about one CPU for over a second per browser context, which slows the tests
# and makes the speed figures noisy. Nothing here uses it.
OMNIBOX_POPUP_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + OMNIBOX_POPUP_FEATURES),
]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# The site is built as if published from this repository (publishing.yml's repo_url), so the
# footer's link to the issue forms and the header's link to the source are on every page (and
# the no-other-host checks see that neither asks the forge for anything).
REPOSITORY = "https://github.com/example/cantho-antt"

_screenshot_dirs: list[Path] = []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class BuiltSite:
    url: str  # base URL, ends with "/"
    root: Path  # the built folder


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The site, freshly built with `mkdocs build --strict` and served on 127.0.0.1."""
    port = _free_port()
    out = tmp_path_factory.mktemp("site")
    build_site(out, port, repo_url=REPOSITORY)
    server, url = serve_in_background(out, port)
    yield BuiltSite(url, out)
    server.shutdown()


@pytest.fixture(scope="session")
def site(built_site: BuiltSite) -> str:
    """Base URL of the freshly built site."""
    return built_site.url


@pytest.fixture(scope="session")
def site_dir(built_site: BuiltSite) -> Path:
    """The folder the site was built into."""
    return built_site.root


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $SCREENSHOT_DIR, else a temporary folder (named at the end of the run)."""
    chosen = os.environ.get("SCREENSHOT_DIR")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    _screenshot_dirs.append(folder)
    return folder


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for folder in _screenshot_dirs:
        terminalreporter.write_line(f"Screenshots of the guide: {folder}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "locale": "vi-VN"}
