"""Which of the configured OCR languages a page shows, so a second look loads only those.

Tesseract loads every language it is given at each start (about 0.15 s per language, measured:
0.45 s for eng+deu+fra against 0.15 s for one) and, on a word the first language reads
unsurely, tries the others too. A page already read tells its language by its accented
letters: German print has umlauts and ß, French accents and ç. English (unaccented) is always
kept: names, codes and numbers read best with it.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.pagetext import Word

# Letters only one of the two accented languages prints (é also appears in German loan
# words, ä never in French).
_OWN_LETTERS = {
    "deu": frozenset("äöüßÄÖÜ"),
    "fra": frozenset("éèêëàâçôûùîïœÉÈÊÀÇ"),
}

# Languages the rule above can judge; any other configured language is kept, unjudged.
_JUDGED = frozenset({"eng", *_OWN_LETTERS})

# A language counts as shown from this many words with its letters: one stray accent is OCR noise.
MIN_MARKED_WORDS = 2


def languages_shown(words: Sequence[Word], configured: str) -> str:
    """The configured languages (tesseract's "eng+deu" form) less the accented ones the page's words
    do not show; all of `configured` when it holds a language this rule cannot judge."""
    codes = [code for code in configured.split("+") if code]
    if not codes or any(code not in _JUDGED for code in codes):
        return configured
    kept = [
        code for code in codes if code not in _OWN_LETTERS or _marked_words(words, code) >= MIN_MARKED_WORDS
    ]
    return "+".join(kept) if kept else configured


def _marked_words(words: Sequence[Word], code: str) -> int:
    letters = _OWN_LETTERS[code]
    return sum(any(ch in letters for ch in word.text) for word in words)
