"""The offline bundle for trainers: the guide and its calculators in one zip that runs on a laptop
without internet (see "Offline bundle for trainers" in the README).

Run through `scripts/offline-bundle` (it runs scripts/setup first). This builds the site into a
temporary folder (`mkdocs build --strict`, site_url http://127.0.0.1:PORT/ with the launcher's
DEFAULT_PORT, so the theme's instant navigation works when the launcher gets that port) and writes
`dist/cantho-antt-offline-<meta.checked_on>.zip`, holding one folder:

    cantho-antt-offline-<date>/
      site/               the built site
      mo-trang.py         the launcher (standard library only): scripts/offline/mo-trang.py
      site_server.py      what serves the files, imported by the launcher: scripts/site_server.py
      mo-trang.bat        double-click helper for Windows (written with Windows line endings)
      mo-trang.command    double-click helper for macOS (executable)
      HUONG-DAN.txt       how to use it, in Vietnamese: scripts/offline/HUONG-DAN.txt, filled in

The last line of the output is the archive's path and size.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import re
import string
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

import site_build  # noqa: E402  (scripts/site_build.py)

SCRIPTS = REPO / "scripts"
OFFLINE = SCRIPTS / "offline"
LAUNCHER = OFFLINE / "mo-trang.py"
NAME = "cantho-antt-offline"
DIST = REPO / "dist"

# Files next to the site: (name in the archive, source, line endings, executable).
EXTRAS = [
    ("mo-trang.py", LAUNCHER, "\n", True),
    ("site_server.py", SCRIPTS / "site_server.py", "\n", False),
    ("mo-trang.bat", OFFLINE / "mo-trang.bat", "\r\n", False),
    ("mo-trang.command", OFFLINE / "mo-trang.command", "\n", True),
]
GUIDE = "HUONG-DAN.txt"
NOW = time.localtime()[:6]  # one time stamp for every file of the archive
# Already compressed: stored as they are rather than deflated again for nothing.
STORED = (".zip", ".whl", ".gz", ".png", ".jpg", ".jpeg", ".webp", ".woff", ".woff2")


class BundleError(Exception):
    """The bundle could not be made."""


def say(text: str) -> None:
    print(text, flush=True)


def launcher_port() -> int:
    """DEFAULT_PORT of the launcher (read from its source): the one place the port is set."""
    for node in ast.parse(LAUNCHER.read_text(encoding="utf-8")).body:
        names = [getattr(t, "id", None) for t in node.targets] if isinstance(node, ast.Assign) else []
        value = getattr(node, "value", None)
        if names == ["DEFAULT_PORT"] and isinstance(value, ast.Constant) and isinstance(value.value, int):
            return value.value
    raise BundleError(f"{LAUNCHER.relative_to(REPO)} sets no DEFAULT_PORT = <number>")


def uncommitted() -> list[str]:
    """Changed or new files that go into the bundle (git status), to warn about."""
    proc = subprocess.run(
        ["git", "status", "--porcelain", "--", "rates.yaml", "mkdocs.yml", "docs", "calculators", "scripts"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    return proc.stdout.splitlines() if proc.returncode == 0 else []


def checked_on() -> dt.date:
    """meta.checked_on of rates.yaml: the day the figures were last checked."""
    sys.path.insert(0, str(REPO))
    from calculators.tools.rates_file import load_book

    return load_book().meta.checked_on


def site_name() -> str:
    found = re.search(r"^site_name:\s*(.+?)\s*$", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    if not found:
        raise BundleError("mkdocs.yml has no site_name")
    return found[1]


def build_site(out: Path, port: int, repo_url: str | None = None) -> None:
    try:
        seconds = site_build.build_site(out, port, repo_url=repo_url)
    except site_build.SiteBuildError as error:
        raise BundleError(str(error)) from error
    say(f"Built the site for http://127.0.0.1:{port}/ in {seconds:.1f} s")


# Where the published site says which bundle is the newest (docs/tap-huan/khong-co-mang.md).
LATEST_PAGE = "tap-huan/khong-co-mang/#tai-goi"


def guide_text(date: dt.date, port: int, published_at: str | None = None) -> str:
    """HUONG-DAN.txt filled in; `published_at` is the address the site is published at, where
    a trainer checks that this bundle is the newest."""
    template = string.Template((OFFLINE / GUIDE).read_text(encoding="utf-8"))
    if published_at:
        latest = (
            "Để biết gói này có phải mới nhất: khi có mạng, mở địa chỉ\n"
            f"      {published_at.rstrip('/')}/{LATEST_PAGE}\n"
            "rồi so ngày trong tên tệp gói ở đó với ngày trong tên tệp gói này."
        )
    else:
        latest = "Để biết đã có gói mới hơn chưa, hãy hỏi nơi bạn nhận gói này."
    return template.substitute(
        title=site_name(), checked_on=date.strftime("%d/%m/%Y"), port=port, latest=latest
    )


def _add(archive: zipfile.ZipFile, name: str, data: bytes, *, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=NOW)
    info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(STORED) else zipfile.ZIP_DEFLATED
    # Unix permissions (macOS' Archive Utility and unzip keep them): .command must be executable.
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    archive.writestr(info, data, compresslevel=9)


def _for_web_hosts(path: Path) -> bool:
    """A Brotli copy the build writes for web hosts (calculators/tools/site/precompressed.py):
    the launcher serves the files themselves, on this computer, so it would only add 3.5 MB."""
    from calculators.tools.site import precompressed

    return path.name.endswith(precompressed.SUFFIX)


def write_archive(
    site: Path, out_dir: Path, date: dt.date, port: int, published_at: str | None = None
) -> Path:
    """Write the zip of `site` and the launcher's files into out_dir; returns its path."""
    top = f"{NAME}-{date.isoformat()}"
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{top}.zip"
    partial = target.with_name(target.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for path in sorted(p for p in site.rglob("*") if p.is_file() and not _for_web_hosts(p)):
                _add(archive, f"{top}/site/{path.relative_to(site).as_posix()}", path.read_bytes())
            for name, source, newline, executable in EXTRAS:
                text = source.read_text(encoding="utf-8").replace("\r\n", "\n")
                data = text.replace("\n", newline).encode("utf-8")
                _add(archive, f"{top}/{name}", data, executable=executable)
            # Windows line endings and a byte-order mark, so that every Notepad shows the letters right.
            guide = guide_text(date, port, published_at).replace("\r\n", "\n").replace("\n", "\r\n")
            _add(archive, f"{top}/{GUIDE}", b"\xef\xbb\xbf" + guide.encode("utf-8"))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)  # a complete archive or none: never half of one under the real name
    return target


def make_bundle(out_dir: Path = DIST, published_at: str | None = None, repo_url: str | None = None) -> Path:
    """Build the site and write the archive into out_dir; returns the archive's path.
    `published_at`: the public address (HUONG-DAN.txt says where to check for a newer bundle);
    `repo_url`: the repository, for the pages' links to its issue forms."""
    port = launcher_port()
    date = checked_on()
    changed = uncommitted()
    if changed:
        print(
            "Note: the bundle includes changes that are not committed:\n  " + "\n  ".join(changed),
            file=sys.stderr,
            flush=True,
        )
    with tempfile.TemporaryDirectory(prefix="offline-site-") as tmp:
        site = Path(tmp) / "site"
        build_site(site, port, repo_url)
        return write_archive(site, out_dir, date, port, published_at)


def describe(path: Path) -> str:
    """'dist/NAME.zip 10.2 MB (10 712 345 bytes)', the path relative to the repository if inside it."""
    size = path.stat().st_size
    shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    return f"{shown} {size / 1e6:.1f} MB ({size:,} bytes)".replace(",", " ")


def main() -> int:
    parser = argparse.ArgumentParser(description="Write the offline bundle (one zip) for trainers.")
    parser.add_argument("--out-dir", type=Path, default=DIST, help="where the zip goes (default: dist/)")
    parser.add_argument("--published-at", help="the address the site is published at (publishing.yml)")
    parser.add_argument("--repo-url", help="the repository, for the pages' links to its issue forms")
    args = parser.parse_args()
    try:
        archive = make_bundle(args.out_dir.resolve(), args.published_at, args.repo_url)
    except BundleError as error:
        print(f"offline-bundle: {error}", file=sys.stderr)
        return 1
    print(describe(archive), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
