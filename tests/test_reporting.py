"""Reporting a problem: the issue forms and the links to them (calculators/tools/site/reporting.py).

The footer of every page and the pages that ask readers to report a wrong figure link to the
repository's issue forms with the page's address filled in; the forms are in Vietnamese and ask
for what a maintainer needs to check a figure. tests/browser/test_report_links.py checks the built
pages.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from calculators.tools.site import reporting

REPO = Path(__file__).resolve().parents[1]
FORMS = REPO / ".github" / "ISSUE_TEMPLATE"


def test_a_form_on_github_gets_the_page_filled_in() -> None:
    url = reporting.issue_form("https://github.com/owner/guide/", "so-lieu-sai", "https://h/x/kinh-phi/")
    parts = urlsplit(url or "")
    assert (parts.netloc, parts.path) == ("github.com", "/owner/guide/issues/new")
    assert parse_qs(parts.query) == {"template": ["so-lieu-sai.yml"], "trang": ["https://h/x/kinh-phi/"]}


@pytest.mark.parametrize("repo", [None, "", "https://gitlab.com/owner/guide"])
def test_without_a_github_repository_there_is_no_form(repo: str | None) -> None:
    assert reporting.issue_form(repo, "bao-loi", "https://h/") is None


def test_an_unknown_form_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        reporting.issue_form("https://github.com/o/r", "khac")


@pytest.mark.parametrize("form", sorted(reporting.FORMS))
def test_each_form_exists_and_has_the_page_field(form: str) -> None:
    data = yaml.safe_load((FORMS / f"{form}.yml").read_text(encoding="utf-8"))
    ids = [item["id"] for item in data["body"] if "id" in item]
    assert reporting.PAGE_FIELD in ids
    assert data["name"] and data["description"]


def test_the_figure_form_asks_for_the_page_the_figure_and_the_document() -> None:
    data = yaml.safe_load((FORMS / "so-lieu-sai.yml").read_text(encoding="utf-8"))
    required = {item["id"] for item in data["body"] if item.get("validations", {}).get("required") is True}
    assert required == {"trang", "con-so", "van-ban"}
    labels = " ".join(item["attributes"]["label"] for item in data["body"] if "id" in item)
    assert "Văn bản" in labels and "Con số" in labels


def test_the_address_and_repository_are_named_in_one_place() -> None:
    """mkdocs.yml inherits both from publishing.yml and names neither itself."""
    mkdocs = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "INHERIT: publishing.yml" in mkdocs
    assert "\nsite_url:" not in mkdocs and "\nrepo_url:" not in mkdocs
    publishing = (REPO / "publishing.yml").read_text(encoding="utf-8")
    assert "site_url: !ENV [SITE_URL," in publishing and "repo_url: !ENV [REPO_URL," in publishing
