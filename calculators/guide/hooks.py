"""MkDocs hooks for the guide: search that also works without Vietnamese diacritics.

People often type without diacritics on a phone ("tro cap" for "trợ cấp"). After the build,
each entry of the search index gets a copy of its words with the diacritics removed, so the
browser-side search (lunr) finds the page either way. Nothing is fetched at run time.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any


def fold(text: str) -> str:
    """'Trợ cấp đồng' → 'Tro cap dong'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def on_post_build(config: Any, **_: Any) -> None:
    index_path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not index_path.exists():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    for doc in index.get("docs", []):
        words = f"{doc.get('title', '')} {doc.get('text', '')}"
        folded = fold(words)
        if folded != words:
            # A hidden span keeps the folded words out of the result preview.
            doc["text"] = f"{doc.get('text', '')}<span hidden>{folded}</span>"
    index_path.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
