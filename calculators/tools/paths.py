"""Where the repository's files are, for the tools that read them (never for the runtime)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RATES = REPO / "rates.yaml"
GOLDEN = REPO / "tests" / "golden"
DOCS = REPO / "docs"
