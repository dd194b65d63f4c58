"""The engine's memory snapshot, build side: what names one, and the cases that check one.

After a first start the calculators' worker keeps a memory snapshot of the ready engine on the
device (docs/assets/js/snapshot-store.js) and later starts from it. Two things written into
the manifest the worker reads decide whether a kept snapshot may be used:

- its **key**: the Pyodide version and a hash of the WebAssembly, the trimmed standard library,
  the wheel, the layout it is kept in (docs/assets/js/snapshot-pages.js) and the figures'
  content version. A new release, another standard library, another layout or new figures give
  another key, and a snapshot of another key is never used (the service worker also deletes it
  when the new version takes over);
- the **probes**: one worked example per calculator, with the SHA-256 of the JSON that
  `calculators.browser.compute` gives for it here at build time. A restored engine must give
  exactly that text for a calculator's probe before that calculator answers anyone; a normal
  start must give it for all of them before a snapshot of it is kept. tests/test_pyodide.py
  proves Pyodide gives the same text.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from calculators import browser
from calculators.rates.book import RateBook
from calculators.tools.site import examples


def key(pyodide_version: str, files: list[Path], figures_version: str) -> str:
    """'<Pyodide version>-<hash of the files' bytes and the figures' version>'."""
    h = hashlib.sha256(figures_version.encode())
    for path in files:
        h.update(path.name.encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return f"{pyodide_version}-{h.hexdigest()[:16]}"


def digest(answer_json: str) -> str:
    return hashlib.sha256(answer_json.encode("utf-8")).hexdigest()


def probes(book: RateBook) -> list[dict[str, Any]]:
    """The first worked example of each calculator, with the digest of the engine's answer."""
    chosen: dict[str, examples.Example] = {}
    for example in examples.load(book):
        chosen.setdefault(example.calculator, example)
    return [
        {
            "calculator": ex.calculator,
            "inputs": ex.answers,
            "assume": ex.assume,
            "sha256": digest(
                browser.compute(ex.calculator, json.dumps(ex.answers), json.dumps(ex.assume), book=book)
            ),
        }
        for ex in chosen.values()
    ]


def entry(pyodide_version: str, files: list[Path], figures_version: str, book: RateBook) -> dict[str, Any]:
    """The manifest's `snapshot`: {key, probes}."""
    return {"key": key(pyodide_version, files, figures_version), "probes": probes(book)}
