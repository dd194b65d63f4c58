"""Every built page links to the repository's issue form with its own address filled in, and
the header's link to the source asks the forge for nothing (tests/test_reporting.py has the
rest). The site is built with a repository (conftest.REPOSITORY)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import REPOSITORY

pytestmark = pytest.mark.slow

LINK = re.compile(r'<a class="report-link" href="([^"]*)">Báo lỗi, góp ý</a>')
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)"')


def test_every_page_reports_a_problem_about_itself(site_dir: Path) -> None:
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        canonical = CANONICAL.search(html)
        if canonical is None:  # the 404 page has no address of its own
            assert page.name == "404.html", page
            continue
        found = LINK.findall(html)
        assert len(found) == 1, page
        link = urlsplit(unescape(found[0]))
        assert f"{link.scheme}://{link.netloc}{link.path}" == f"{REPOSITORY}/issues/new"
        assert parse_qs(link.query) == {"template": ["bao-loi.yml"], "trang": [canonical.group(1)]}, page
        assert 'data-md-component="source"' not in html, f"{page}: the theme would ask the forge for stars"


def test_a_copy_without_a_bundle_says_how_to_get_one(site_dir: Path) -> None:
    """Built without OFFLINE_BUNDLE (as here): no download, the maintainers' command, and the
    report form instead of "ask the maintainer"."""
    page = (site_dir / "tap-huan" / "khong-co-mang" / "index.html").read_text(encoding="utf-8")
    assert "không kèm gói để tải về" in page and "scripts/offline-bundle" in page
    assert f"{REPOSITORY}/issues/new?template=bao-loi.yml" in unescape(page)
    assert not (site_dir / "tai-ve").exists()
    assert "hỏi người bảo trì" not in page
