"""Where a reader reports a problem: the repository's issue forms, with the page filled in.

The repository comes from mkdocs.yml's `repo_url` (publishing.yml, the one place that names
the address and the repository). On a GitHub repository the footer of every page links to the
form `bao-loi` with the page's address filled in (GitHub fills a form's field from the query
string: `?template=bao-loi.yml&trang=…`), and the guide's pages link to the form for a figure
that looks wrong (`so-lieu-sai`). Without a repository (a build on this computer) there is no
form: the link leads to the maintainers' page, which says so.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

# The forms in .github/ISSUE_TEMPLATE/, and the field each fills with the page's address.
FORMS = {"bao-loi": "Báo lỗi, góp ý", "so-lieu-sai": "Báo một con số có vẻ sai"}
PAGE_FIELD = "trang"


def issue_form(repo_url: str | None, form: str, page_url: str = "") -> str | None:
    """The address of a GitHub issue form with the page filled in, or None without a
    repository on GitHub (another forge has no such forms)."""
    if form not in FORMS:
        raise ValueError(f"no issue form {form!r}: {sorted(FORMS)}")
    if not repo_url or urlsplit(repo_url).netloc != "github.com":
        return None
    query = {"template": f"{form}.yml", **({PAGE_FIELD: page_url} if page_url else {})}
    return f"{repo_url.rstrip('/')}/issues/new?{urlencode(query)}"


def on_env(env: Any, config: Any, **_: Any) -> Any:
    """`{{ config.repo_url | issue_form("bao-loi", page.canonical_url) }}` in the theme."""
    env.filters["issue_form"] = issue_form
    return env
