"""Vietnamese text without diacritics, for search and for heading anchors.

'Đồng' folds to 'Dong': the letter đ has no Unicode decomposition, so it is mapped by hand;
every other accent is removed by decomposing and dropping the combining marks.
"""

from __future__ import annotations

import unicodedata

from markdown.extensions.toc import slugify as _ascii_slugify


def fold(text: str) -> str:
    """'Trợ cấp đồng' → 'Tro cap dong'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def slugify(value: str, separator: str) -> str:
    """Heading anchors: 'Khi bị suy giảm khả năng lao động' → 'khi-bi-suy-giam-kha-nang-lao-dong'."""
    return _ascii_slugify(fold(value), separator)
