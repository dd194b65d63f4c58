"""The browser's launch flags: ours must not silently drop Playwright's own.

Chromium keeps only the last --disable-features switch on its command line, and Playwright
passes one of its own before ours; conftest.py repeats Playwright's list in ours. These checks
fail when an upgraded Playwright changes that list, or when the launched browser does not get
the combined switch.
"""

from __future__ import annotations

import re
from pathlib import Path

import playwright
from conftest import OMNIBOX_POPUP_FEATURES, PLAYWRIGHT_DISABLED_FEATURES

DRIVER = Path(playwright.__file__).parent / "driver" / "package" / "lib"


def playwright_disabled_features() -> list[str]:
    """The `disabledFeatures` array in the installed Playwright driver's source."""
    for bundle in sorted(DRIVER.rglob("*.js")):
        text = bundle.read_text(encoding="utf-8", errors="replace")
        match = re.search(r"disabledFeatures = \[(.*?)\]", text, re.S)
        if match and '"--disable-features=" + disabledFeatures' in text:
            body = re.sub(r"//[^\n]*", "", match.group(1))
            return re.findall(r'"([A-Za-z]+)"', body)
    raise AssertionError(f"no disabledFeatures list found under {DRIVER}")


def test_our_disable_features_switch_repeats_playwrights_list() -> None:
    assert playwright_disabled_features() == PLAYWRIGHT_DISABLED_FEATURES


def test_the_launched_browser_gets_both_lists(browser) -> None:
    page = browser.new_page()
    try:
        page.goto("chrome://version")
        command_line = page.locator("#command_line").inner_text()
    finally:
        page.close()
    switches = re.findall(r"--disable-features=(\S*)", command_line)
    assert switches, command_line
    last = switches[-1].split(",")  # the one Chromium uses
    assert set(PLAYWRIGHT_DISABLED_FEATURES + OMNIBOX_POPUP_FEATURES) <= set(last)
