"""Undoing OCR's look-alike characters in values copied from OCR words (names, identifiers)."""

from __future__ import annotations

import re

_LETTER = r"A-Za-zÀ-ÿ"
# A zero touching letters inside a name is the letter O: "N0rdlicht", "Gr0up", "C0. Ltd".
_ZERO_IN_WORD = re.compile(rf"(?<=[{_LETTER}])0|0(?=[{_LETTER}])")
# A lower-case l starting a run of capitals is a capital I: "lNV-2031"; "lnc." is "Inc.".
_L_FOR_I = re.compile(r"\bl(?=[A-Z]{2})|\blnc\b")

# French spells the e before a consonant (or a consonant and l or r) and a word's mute final e with a
# grave accent ("Cèdre", "Genève", "Crème"), never an acute one; tesseract mixes the two up ("Cédre").
_ACUTE_FOR_GRAVE = re.compile(r"é(?=(?:[bcdfgjklmnpqrstvz]|[bcdfgkptv][lr]|ch|gn|th)es?\b)")


def repair_name(text: str) -> str:
    """A company or person name read by OCR: names have no digits inside their words."""
    words = []
    for word in text.split(" "):
        if not any(c.isdigit() and c != "0" for c in word):
            word = _ZERO_IN_WORD.sub(lambda m, w=word: _letter_o(w, m.start()), word)
        words.append(_L_FOR_I.sub(lambda m: "I" if m.group(0) == "l" else "Inc", word))
    return repair_accents(" ".join(words))


def repair_accents(text: str) -> str:
    """French words OCR gave an acute accent where French writes a grave one: "Cédre" is "Cèdre"."""
    return _ACUTE_FOR_GRAVE.sub("è", text)


def repair_identifier(text: str) -> str:
    """An invoice or order number: only the l-for-I slip is safe to undo, digits stay as read."""
    return _L_FOR_I.sub("I", text)


def _letter_o(word: str, at: int) -> str:
    neighbours = word[max(0, at - 1) : at] + word[at + 1 : at + 2]
    return "o" if any(c.islower() for c in neighbours) else "O"
