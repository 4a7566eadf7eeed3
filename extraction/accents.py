"""Text with its accents dropped, the one way every comparison that ignores them spells it."""

from __future__ import annotations

import unicodedata


def without_accents(text: str) -> str:
    """`text` with accents and umlauts dropped ("Münster" -> "Munster", "févr." -> "fevr.") and
    compatibility forms spelt out (Unicode NFKD: "ﬁ" -> "fi")."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
