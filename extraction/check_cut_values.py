"""Checks for values OCR cut short: the printed line goes on right after the value that was taken.

On a scan or photo a faded letter or a speck splits a word of a name ("Nexora Manuf ring Ltd") or
tesseract splits one number in two ("INV-2024-041 26"). The layout then
ends the value at the gap, and the part taken looks as sure as a whole one. What follows it on the
same printed line tells: a name's legal form or a word going on in lower case, a number's digits
set within a word space and a half. A number's prefix can also come out as a mark OCR could not make out
("GS-24118141" read as "> 24118141"). The invoice goes to a reviewer.
"""

from __future__ import annotations

from collections.abc import Sequence

from extraction.parties_text import LEGAL_FORM_RE
from models.extraction import Extraction, FieldValue, Finding
from models.pagetext import PageText, Word

_NAME_FIELDS = {"vendor_name": "vendor name", "buyer_name": "buyer name"}
_IDENTIFIER_FIELDS = {"invoice_number": "invoice number", "purchase_order": "purchase order number"}
# The words after a name that may still be part of it: up to this many, each no further from the one
# before than this many word heights (a column gap is wider).
_NAME_TAIL_WORDS = 3
_NAME_GAP_HEIGHTS = 3.0
# Digits this close after a number (in word heights: up to a word space and a half; a word space is
# 0.35-0.45 of a word's height) are part of it: OCR splits a number at a faded digit or a lost "/"
# ("CN-000061" "17", "2025" "0946", gaps of 0.38-0.6). A number's own column ends further off. On 392
# OCR'd train documents all three numbers followed so were cut.
_IDENTIFIER_GAP_HEIGHTS = 0.7
# A mark before a number closer than a word space and a half, read this unsurely, stands where its
# prefix was printed; table rules ("|") stand there on purpose.
_HEAD_GAP_HEIGHTS = 0.7
_GARBLED_HEAD = 0.7
_RULES = frozenset({"|", "||", "[", "]", "(", ")", ":", ";", ".", ",", "-", "—", "#", "№"})
# Words that go on a name in lower case ("Müller und Söhne", "Van der Berg & co").
_NAME_PARTICLES = frozenset(
    {"und", "and", "et", "de", "du", "des", "la", "le", "van", "von", "der", "den", "co"}
)


def cut_value_findings(extraction: Extraction, pages: Sequence[PageText]) -> list[Finding]:
    findings = []
    for name, what in _NAME_FIELDS.items():
        tail = _tail(extraction.fields.get(name), pages, _NAME_GAP_HEIGHTS, _NAME_TAIL_WORDS)
        if tail and _continues_name(extraction.fields[name].value, tail):
            following = " ".join(word.text for word in tail)
            message = f"the {what} may be cut short: '{following}' follows it on the page: check the name"
            findings.append(Finding("name_cut", message, (name,)))
    for name, what in _IDENTIFIER_FIELDS.items():
        tail = _tail(extraction.fields.get(name), pages, _IDENTIFIER_GAP_HEIGHTS, 1)
        if tail and tail[0].text[:1].isdigit():
            message = f"the {what} may go on: '{tail[0].text}' is printed right after it: check the page"
            findings.append(Finding("number_cut", message, (name,)))
        elif (head := _garbled_head(extraction.fields.get(name), pages)) is not None:
            message = f"the {what} may have lost its start: OCR read '{head.text}' right before it"
            findings.append(Finding("number_cut", message, (name,)))
    return findings


def _garbled_head(found: FieldValue | None, pages: Sequence[PageText]) -> Word | None:
    """A mark OCR could not make out set right before an identifier, where its prefix would stand
    ("GS-24118141" read as "> 24118141"): no letter or digit in it, read below `_GARBLED_HEAD`."""
    page, first = _edge_word(found, pages, last=False)
    if first is None:
        return None
    before = [w for w in page.words if w.line == first.line and w.box[2] <= first.box[0]]
    head = max(before, key=lambda w: w.box[2], default=None)
    height = first.box[3] - first.box[1]
    if head is None or first.box[0] - head.box[2] > _HEAD_GAP_HEIGHTS * height:
        return None
    garbled = head.confidence < _GARBLED_HEAD and not any(ch.isalnum() for ch in head.text)
    return head if garbled and head.text not in _RULES else None


def _continues_name(value: str, tail: Sequence[Word]) -> bool:
    """After a name that has no legal form: a word going on in lower case ("Nexora Manuf" "ring Ltd"),
    or a legal form further on the line ("Mitchell & Harri" "LLP", "Kestrel IT" "Services Ltd").

    A capitalised word alone is no sign: letterheads set a trading name apart from a tagline. A legal
    form is: it ends the legal name, so the name taken stopped short of it. On 400 train documents
    every name followed so was cut, and a stamp over "Harrison" had cut one mid-word."""
    if LEGAL_FORM_RE.search(value):
        return False
    if LEGAL_FORM_RE.search(" ".join(word.text for word in tail)):
        return True
    first = tail[0].text
    return first[:1].islower() and first.lower() not in _NAME_PARTICLES


def _tail(found: FieldValue | None, pages: Sequence[PageText], gap_heights: float, most: int) -> list[Word]:
    """The words after an OCR'd value's last word on its printed line, each within `gap_heights`
    word heights of the one before; at most `most`."""
    page, last = _edge_word(found, pages, last=True)
    if last is None:
        return []
    after = sorted(
        (w for w in page.words if w.line == last.line and w.box[0] > last.box[2]), key=lambda w: w.box[0]
    )
    tail, before = [], last
    for word in after[:most]:
        height = before.box[3] - before.box[1]
        if word.box[0] - before.box[2] > gap_heights * height:
            break
        tail.append(word)
        before = word
    return tail


def _edge_word(
    found: FieldValue | None, pages: Sequence[PageText], *, last: bool
) -> tuple[PageText | None, Word | None]:
    """The page of an OCR'd value and its word inside the evidence box that ends the value as printed
    (the rightmost such word), or with `last=False` that starts it (the leftmost); (None, None) for a
    value not read by OCR."""
    if found is None or not found.read_by_ocr:
        return None, None
    page = next((p for p in pages if p.page == found.evidence.page), None)
    if page is None:
        return None, None
    inside = page.words_inside(found.evidence.box)
    printed = found.evidence.text.split()
    edge = printed[-1 if last else 0] if printed else None
    matching = [w for w in inside if w.text == edge] or inside
    if last:
        return page, max(matching, key=lambda w: w.box[2], default=None)
    return page, min(matching, key=lambda w: w.box[0], default=None)
