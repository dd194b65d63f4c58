"""The trainers' offline bundle as a download from the published site.

The publish workflow builds the bundle first (scripts/offline-bundle), then the site with
OFFLINE_BUNDLE naming the zip. This hook then copies it into `tai-ve/` under its dated name
(`cantho-antt-offline-2026-11-29.zip`) and under a name that always means the newest
(`cantho-antt-offline-moi-nhat.zip`), and the trainers' page links to both with the size and the
date of its figures (`{{ offline_bundle() }}`). Without OFFLINE_BUNDLE (a build on this
computer) there is nothing to download, and the page says how a maintainer makes one.

The service worker never saves these files: they are copied after it is written, and
calculators/tools/site/offline.py leaves `tai-ve/` out in any case. A trainer downloads the
bundle on purpose; a member's phone should not fetch ten megabytes for it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path
from typing import Any

from calculators import text

FOLDER = "tai-ve/"
LATEST = "cantho-antt-offline-moi-nhat.zip"
DATED = re.compile(r"^cantho-antt-offline-(\d{4}-\d{2}-\d{2})\.zip$")
ENV = "OFFLINE_BUNDLE"


class BundleNameError(ValueError):
    """OFFLINE_BUNDLE names a file that is not a bundle made by scripts/offline-bundle."""


def bundle(path: Path) -> dict[str, Any]:
    """What the page says of a bundle: its file name, size in words and the date of its figures."""
    found = DATED.match(path.name)
    if not found or not path.is_file():
        raise BundleNameError(f"{ENV}={path}: not a file named like cantho-antt-offline-YYYY-MM-DD.zip")
    size = path.stat().st_size
    return {
        "path": str(path),
        "name": path.name,
        "size": size,
        "size_text": f"{size / 1e6:.1f}".replace(".", ",") + " MB",
        "checked_on": text.date(dt.date.fromisoformat(found[1])),
    }


def on_config(config: Any, **_: Any) -> Any:
    given = os.environ.get(ENV)
    config["extra"]["offline_bundle"] = bundle(Path(given)) if given else None
    return config


def on_post_build(config: Any, **_: Any) -> None:
    found = config["extra"].get("offline_bundle")
    if not found:
        return
    target = Path(config["site_dir"]) / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for name in (found["name"], LATEST):
        shutil.copy2(found["path"], target / name)
