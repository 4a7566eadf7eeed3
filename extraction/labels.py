"""Finding printed labels ("Rechnungsnr.", "N° de facture", "Total TTC") in rows of words.

Labels are compared in a compact form (lower case, no accents, no punctuation or spaces), built from whole
words of one phrase. That makes "F actuurnummer:" (a text layer split by kerning), "Invoice-No." and
"Invoice No :" all one label, which a token-by-token phrase matcher would miss. OCR words may also be one
or two edits away from the label (spaCy's Levenshtein does the comparing); a text layer must match exactly.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.matcher.levenshtein import levenshtein

from extraction.accents import without_accents
from extraction.layout import Layout, Row
from extraction.vocabulary import FUNCTION_WORDS, GENERIC_QUALITY, VOCABULARY, WEAK_QUALITY

_MAX_WORDS = 7
# OCR words below this confidence may carry a misread letter; a text layer's 1.0 never does.
_FUZZY_BELOW_CONFIDENCE = 0.99
_FUZZY_MIN_LENGTH = 6
_FUZZY_PHRASE_MIN_LENGTH = 12


@dataclass(frozen=True)
class LabelHit:
    row: int  # Row.number
    start: int  # token range [start, end) within the row
    end: int
    fields: tuple[tuple[str, float], ...]  # (field, how surely this phrase labels it)
    languages: frozenset[str]
    match: float  # 1.0 exact; lower when OCR letters had to be forgiven
    glued: bool = False  # the end of a word: a column header whose gap to the one before was lost

    def quality(self, field: str) -> float:
        """How strongly this hit labels `field`, 0 when it does not label it at all."""
        return next((q for f, q in self.fields if f == field), 0.0) * self.match

    def labels(self, field: str) -> bool:
        return any(f == field for f, _ in self.fields)


@dataclass(frozen=True)
class _Entry:
    fields: tuple[tuple[str, float], ...]
    languages: frozenset[str]


@lru_cache(maxsize=65536)  # the same words are compacted again for every label lookup
def compact(text: str) -> str:
    """The form labels are compared in: "N° de Facture:" -> "nodefacture"."""
    folded = without_accents(text.lower().replace("°", "o").replace("º", "o"))
    return re.sub(r"[^a-z0-9#%]", "", folded)


@cache
def _index() -> dict[str, _Entry]:
    fields: dict[str, dict[str, float]] = {}
    languages: dict[str, set[str]] = {}
    for field, per_language in VOCABULARY.items():
        for language, phrases in per_language.items():
            for phrase in phrases.split("|"):
                quality = {"~": WEAK_QUALITY, "?": GENERIC_QUALITY}.get(phrase[0], 1.0)
                key = compact(phrase.lstrip("~?"))
                slot = fields.setdefault(key, {})
                slot[field] = max(slot.get(field, 0.0), quality)
                languages.setdefault(key, set()).add(language)
    return {
        key: _Entry(tuple(sorted(slot.items())), frozenset(languages[key])) for key, slot in fields.items()
    }


def _fold_confusables(text: str) -> str:
    """OCR's favourite confusions folded together: "UStld" and "UStId", "T0tal" and "Total"."""
    return text.translate(_CONFUSABLES)


# "d" folds with "0" too: "USt-IdNr." comes back as "USt-10Nr." and "USt-I0Nr.".
_CONFUSABLES = str.maketrans({"l": "i", "1": "i", "|": "i", "!": "i", "0": "o", "d": "o"})


@cache
def _folded_index() -> dict[str, str]:
    return {_fold_confusables(key): key for key in _index()}


@cache
def _fuzzy_buckets() -> dict[int, tuple[str, ...]]:
    buckets: dict[int, list[str]] = {}
    for key in _index():
        if len(key) >= _FUZZY_MIN_LENGTH:
            buckets.setdefault(len(key), []).append(key)
    return {length: tuple(keys) for length, keys in buckets.items()}


def match_row(row: Row) -> list[LabelHit]:
    """Label hits in one row, the longest first where two would overlap ("Order Date" over "Date")."""
    found: list[tuple[int, LabelHit]] = []
    pieces = [_piece(t.text) for t in row.tokens]
    for seg_start, seg_end in row.segments:
        for start in range(seg_start, seg_end):
            if pieces[start]:
                found.extend(_hits_from(row, pieces, start, seg_end))
    found.extend(_glued_hits(row))
    chosen: list[LabelHit] = []
    for _length, hit in sorted(found, key=lambda item: (-item[0], -item[1].match, item[1].start)):
        if all(hit.end <= other.start or hit.start >= other.end for other in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


# Where a text layer glued two column headers into one word: "n°Échéance" is "Bon de commande n°" and
# "Échéance". A capital after a lower-case letter, "°", ":" or "." starts the second one.
_GLUED_AT = re.compile(r"(?<=[a-zà-ÿ°:.])(?=[A-ZÀ-Ý][a-zà-ÿ]{3})")


def _glued_hits(row: Row) -> list[tuple[int, LabelHit]]:
    """A label glued to the end of another word ("n°Échéance", "n°Date d'échéance"), matched exactly
    from the glued part on, over the words after it (the glued word stays one token)."""
    found = []
    for index, token in enumerate(row.tokens):
        parts = _GLUED_AT.split(token.text)
        if len(parts) < 2:
            continue
        text, longest = compact(parts[-1]), None
        seg_end = row.segment_of(index)[1]
        for end in range(index + 1, min(seg_end, index + _MAX_WORDS) + 1):
            if end > index + 1:
                text += compact(row.tokens[end - 1].text)
            if text in _index():
                longest = (text, end)
        if longest is not None:
            entry = _index()[longest[0]]
            hit = LabelHit(row.number, index, longest[1], entry.fields, entry.languages, 1.0, glued=True)
            found.append((len(longest[0]), hit))
    return found


_MISREAD_NUMERO = re.compile(r"[Nn][\"“”*'’?]:?")


# Short label words OCR misreads past what _fold_confusables undoes: the capital I of "Ihre" read as a T
# turns the buyer's "Ihre USt-IdNr." into the vendor's label.
_MISREAD_WORDS = {"thre": "ihre"}


def _piece(text: str) -> str:
    """A word in compact form; OCR's "N"" and "N*" are the "N°" of "Facture N°"."""
    if _MISREAD_NUMERO.fullmatch(text):
        return "no"
    piece = compact(text)
    return _MISREAD_WORDS.get(piece, piece)


def _hits_from(row: Row, pieces: list[str], start: int, seg_end: int) -> Iterable[tuple[int, LabelHit]]:
    text = ""
    longest = _longest_label()
    for end in range(start, min(seg_end, start + _MAX_WORDS)):
        if not pieces[end]:
            continue
        text += pieces[end]
        if len(text) > longest + 2:
            return
        key, match = _lookup(text, row.confidence(start, end + 1), single_word=end == start)
        if key is not None:
            entry = _index()[key]
            yield len(key), LabelHit(row.number, start, end + 1, entry.fields, entry.languages, match)


def _lookup(text: str, confidence: float, *, single_word: bool) -> tuple[str | None, float]:
    """The label `text` spells: exactly, or for OCR words with look-alike letters or, within one word,
    an edit or two ("Rechnungsnurnmer"); across words only one, in a long phrase."""
    if text in _index():
        return text, 1.0
    if confidence >= _FUZZY_BELOW_CONFIDENCE:
        return None, 0.0
    return _lookup_misread(text, single_word)


@cache
def _longest_label() -> int:
    return max(map(len, _index()))


# The same OCR'd words come back on every invoice of a layout, and a fuzzy look-up compares one
# with hundreds of labels: its answers are remembered.
@lru_cache(maxsize=8192)
def _lookup_misread(text: str, single_word: bool) -> tuple[str | None, float]:
    """_lookup for an OCR word of low confidence that is not a label as it stands."""
    folded = _folded_index().get(_fold_confusables(text))
    if folded is not None:
        return folded, 0.9
    if len(text) < _FUZZY_MIN_LENGTH or (not single_word and len(text) < _FUZZY_PHRASE_MIN_LENGTH):
        return None, 0.0
    # Across words one slip only, in a long phrase ("NUMERO DE PACTURE"): short ones pair unrelated words.
    allowed = 1 if len(text) < 12 or not single_word else 2
    best: tuple[str | None, int] = (None, allowed + 1)
    for length in range(len(text) - allowed, len(text) + allowed + 1):
        for key in _fuzzy_buckets().get(length, ()):
            distance = levenshtein(text, key, allowed)
            if distance < best[1]:
                best = (key, distance)
    if best[0] is None:
        return None, 0.0
    return best[0], 1.0 - 0.15 * best[1]


@cache
def _function_words() -> dict[str, frozenset[str]]:
    return {language: frozenset(words.split()) for language, words in FUNCTION_WORDS.items()}


def find_labels(layout: Layout) -> dict[int, list[LabelHit]]:
    """Label hits per row number (matched once per layout; callers get their own lists)."""
    hits = layout.derived.get("label_hits")
    if hits is None:
        hits = layout.derived["label_hits"] = {row.number: match_row(row) for row in layout.rows}
    return {number: list(row_hits) for number, row_hits in hits.items()}


def detect_language(layout: Layout, hits: dict[int, list[LabelHit]]) -> str | None:
    """en/de/fr/nl by the labels and short function words printed; None when nothing tells."""
    votes: Counter[str] = Counter()
    for row_hits in hits.values():
        for hit in row_hits:
            if not any(f.startswith("_") for f, _ in hit.fields):
                for language in hit.languages:
                    votes[language] += 1.0 / len(hit.languages)
    for row in layout.rows:
        for token in row.tokens:
            word = token.text.lower().strip(".,:;")
            for language, words in _function_words().items():
                if word in words:
                    votes[language] += 0.5
    return votes.most_common(1)[0][0] if votes else None
