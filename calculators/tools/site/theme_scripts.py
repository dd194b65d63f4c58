"""MkDocs hook: on a page with a calculator, the theme's script runs after the calculator's
first answer.

Starting Python in the browser (Pyodide) keeps both cores of a modest phone or laptop busy
for a few seconds. mkdocs-material's script (`assets/javascripts/bundle.*.min.js`) adds about
170 ms of main-thread work at the same time, and starts the search index in a second worker:
measured with `scripts/bench`, the calculator's first answer came about 190 ms later because of
it. Nothing on a calculator page needs the theme's script to be read or used: the header,
menus and links work without it (the theme is built that way), and the calculator is our own
script. So on those pages (docs/_theme/main.html) the theme's script tag is replaced by a small
loader (docs/_theme/partials/theme-after-calculator.html) that loads it as soon as the
calculator has answered, started or failed, or as soon as the reader does anything (a key, a
tap, a click, the wheel, focus), whichever comes first.

This module gives the template the one thing it cannot find by itself: the address of the
theme's script inside the theme's own `scripts` block, whose file name changes with every
release of the theme. The build fails if it is not there, so an upgrade that changes the block
is noticed at once.
"""

from __future__ import annotations

import re
from typing import Any

# The tag mkdocs-material 9.x writes first in its `scripts` block (templates/base.html).
_BUNDLE = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')


class ThemeScriptNotFound(ValueError):
    """The theme's `scripts` block no longer holds its script tag as this hook expects it."""


def theme_bundle_tag(scripts_html: str) -> tuple[str, str]:
    """The theme's script tag in the theme's `scripts` block, and its address."""
    found = _BUNDLE.findall(scripts_html)
    if len(found) != 1:
        raise ThemeScriptNotFound(
            'docs/_theme/main.html: expected exactly one <script src=".../assets/javascripts/'
            f"bundle.<hash>.min.js\"></script> in the theme's scripts block, found {len(found)}. "
            "Has mkdocs-material changed its templates/base.html? Update "
            "calculators/tools/site/theme_scripts.py to match."
        )
    src = found[0]
    return f'<script src="{src}"></script>', src


def on_env(env: Any, **_: Any) -> Any:
    env.filters["theme_bundle_tag"] = theme_bundle_tag
    return env
