"""Check that no value stands beside a label OCR read unsurely while no field took it: "Montant da
50 652,92 EUR" is an amount due whose "dû" was misread, and a header cell read as "Ben Were]" over
"P610819" is a purchase order. No label rule can know what such a value is, so the invoice may be about
to go out without a field it prints; a reviewer reads the label on the page.

A text layer's words are certain, so this only ever fires on scans and photos.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extraction.check_labels import page_labels
from extraction.check_printed_amounts import MONEY
from extraction.labels import LabelHit
from extraction.layout import Row, Token
from models.extraction import Extraction, Finding
from models.pagetext import Box, PageText

# Below this OCR confidence a label word may have been any word. On 800 train documents the labels of the
# missed fields had a word at 0.76 or below; labels of values no field should take (customer numbers,
# references) were read at 0.84 and above, once phone numbers, postcodes and exact labels are left out.
UNSURE_LABEL_WORD = 0.8
# An identifier long enough to be an order, invoice or customer number: a letter prefix and four digits or
# more ("P610819", "PO-77646"), or six digits alone. Shorter digit runs are phone numbers, house numbers and
# postcodes ("Boston, MA 02124"); dates are left out too, since a receipt stamp prints one beside a word
# OCR reads badly ("GEBOEKT 18.10.2025"), and a due date's label is checked by its own rule.
_IDENTIFIER = re.compile(r"^[A-Za-z]{1,4}[-/]?\d[\d\-]{3,}$|^\d[\d\-]{5,}$")
_LABEL_WORDS = 4  # the words nearest the value; a long line's start is not its label
_SLACK = 2.0  # pixels: an evidence box drawn round the same words may be a rounding narrower
_AMOUNT_FIELDS = ("total_net", "total_tax", "amount_due")
_IDENTIFIER_FIELDS = ("purchase_order", "invoice_number", "vendor_vat_id", "buyer_vat_id", "vendor_tax_id")


@dataclass(frozen=True)
class UnsureLabel:
    label: str  # as OCR read it
    value: str
    is_amount: bool


def unsure_labels(extraction: Extraction, pages: Sequence[PageText]) -> list[UnsureLabel]:
    """Values beside an unsurely read label that no field and no line item was read from."""
    if all(page.source != "ocr" for page in pages):
        return []
    layout, hits_by_row = page_labels(pages)
    taken = _taken_boxes(extraction)
    rows = {row.number: row for row in layout.rows}
    known = _known_label_words(rows, hits_by_row)
    found = []
    for row in layout.rows:
        for index, token in enumerate(row.tokens):
            if not _is_value(token.text):
                continue
            label = _label_of(row, index, rows.get(row.number - 1))
            unsure = any(t.confidence < UNSURE_LABEL_WORD and t not in known for t in label)
            if unsure and not _is_taken(token, row.page, taken):  # most labels are sure: that test first
                found.append(
                    UnsureLabel(" ".join(t.text for t in label), token.text, bool(MONEY.match(token.text)))
                )
    return found


def _known_label_words(rows: dict[int, Row], hits_by_row: dict[int, list[LabelHit]]) -> set[Token]:
    """Words that spell a known label exactly ("ABA/Routing:" at 0.75 is still a routing number's label)."""
    return {
        rows[number].tokens[index]
        for number, hits in hits_by_row.items()
        for hit in hits
        if hit.match >= 1.0
        for index in range(hit.start, hit.end)
    }


def _taken_boxes(extraction: Extraction) -> list[tuple[int, Box]]:
    evidence = [found.evidence for found in extraction.fields.values()]
    evidence += [line.evidence for line in extraction.lines]
    return [(e.page, e.box) for e in evidence if e is not None]


def _is_taken(token: Token, page: int, taken: list[tuple[int, Box]]) -> bool:
    x, y = (token.box[0] + token.box[2]) / 2, (token.box[1] + token.box[3]) / 2
    return any(
        p == page and box[0] - _SLACK <= x <= box[2] + _SLACK and box[1] - _SLACK <= y <= box[3] + _SLACK
        for p, box in taken
    )


def _label_of(row: Row, index: int, above: Row | None) -> list[Token]:
    """The words that label the value at `index`: before it in its segment ("Order no. 4711"), else the
    segment before when only a gap separates them (a totals block), else the header cell above it."""
    start, _ = row.segment_of(index)
    before = row.tokens[start:index]
    label = _words(before)
    if label or any(_is_value(t.text) for t in before):  # a run of values: the first one's label is theirs
        return label
    if start > 0:
        label = _words(row.tokens[slice(*row.segment_of(start - 1))])
    if label or above is None or above.page != row.page:
        return label
    value = row.tokens[index].box
    return _words([t for t in above.tokens if t.box[0] < value[2] and t.box[2] > value[0]])


def _is_value(text: str) -> bool:
    return bool(MONEY.match(text) or _IDENTIFIER.match(text))


def _words(tokens: Sequence[Token]) -> list[Token]:
    return [t for t in tokens if any(ch.isalpha() for ch in t.text)][-_LABEL_WORDS:]


def unsure_label_findings(extraction: Extraction, pages: Sequence[PageText] = ()) -> list[Finding]:
    if not pages:
        return []
    findings = []
    for unsure in unsure_labels(extraction, pages)[:1]:  # one is reason enough; the reviewer sees the page
        candidates = _AMOUNT_FIELDS if unsure.is_amount else _IDENTIFIER_FIELDS
        missing = tuple(name for name in candidates if name not in extraction.fields)
        maybe = " or ".join(name.replace("_", " ") for name in missing) or "another field"
        message = (
            f"'{unsure.label}' beside '{unsure.value}' was read unsurely and no field took the value: "
            f"is it the {maybe}?"
        )
        findings.append(Finding("unsure_label", message, missing))
    return findings
