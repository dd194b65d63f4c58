"""The trainers' bundle published with the site (calculators/tools/site/download.py): copied
into tai-ve/ under its dated name and a name for the newest, linked from the trainers' page with
its size and date, never in the service worker's list. tests/conftest.py builds the site with a
stand-in bundle, as the publish workflow builds it with the real one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calculators import text
from calculators.tools.rates_file import load_book
from calculators.tools.site import download

CHECKED_ON = load_book().meta.checked_on
NAME = f"cantho-antt-offline-{CHECKED_ON.isoformat()}.zip"


def test_the_bundle_is_published_under_its_dated_name_and_as_the_newest(built: Path) -> None:
    given = (built.parent / NAME).read_bytes()
    assert (built / "tai-ve" / NAME).read_bytes() == given
    assert (built / "tai-ve" / download.LATEST).read_bytes() == given


def test_the_trainers_page_links_to_it_with_its_size_and_date(built: Path) -> None:
    page = (built / "tap-huan" / "khong-co-mang" / "index.html").read_text(encoding="utf-8")
    size = (built.parent / NAME).stat().st_size
    assert f'<a href="../../tai-ve/{NAME}" download>Tải gói {NAME}</a>' in page
    assert f"{size / 1e6:.1f}".replace(".", ",") + " MB" in page
    assert f"số liệu kiểm tra ngày {text.date(CHECKED_ON)}" in page
    assert f'<a href="../../tai-ve/{download.LATEST}">' in page


def test_the_service_worker_never_saves_it(built: Path) -> None:
    worker = (built / "sw.js").read_text(encoding="utf-8")
    assert "tai-ve/" not in worker
    assert re.search(r"search/search_index\.json", worker), "the worker lists the site's files"


@pytest.mark.parametrize(
    "name", ["bundle.zip", "cantho-antt-offline-2026-13-01.zip", "cantho-antt-offline.zip"]
)
def test_a_file_not_named_as_a_bundle_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"PK")
    with pytest.raises((download.BundleNameError, ValueError)):
        download.bundle(path)


def test_a_missing_bundle_is_refused(tmp_path: Path) -> None:
    with pytest.raises(download.BundleNameError):
        download.bundle(tmp_path / NAME)
