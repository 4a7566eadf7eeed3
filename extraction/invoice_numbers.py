"""An invoice number that names itself: "INV-2024-02199" needs no label to say what it is.

OCR may lose the label of a header table ("Invoice No." read as "“Ret.") or the whole label row, and keep
the values under it. Accounting packages number invoices "INV-…" by default, so an identifier that opens
with "INV" in the upper half of the first page is the invoice's number (a credit note's "CN-INV-…" too),
at a low score that calibration sends to a reviewer, and only when the page has one such number.
"""

from __future__ import annotations

import re

from extraction.candidates import Candidate
from extraction.layout import Layout
from extraction.neighbourhood import Link

SELF_LABELLED_SCORE = 0.5
_IN_HEADER = 0.5  # share of the page height from the top
_SELF_LABELLED_RE = re.compile(r"^(?:[A-Z]{2}-)?INV[-/]?\d[\w/\-]*$")


def self_labelled_invoice_number(layout: Layout, candidates: dict[int, list[Candidate]]) -> list[Link]:
    first_page = min(layout.frames)
    found = [
        c
        for row in layout.rows
        if row.page == first_page and layout.relative_y(row) < _IN_HEADER
        for c in candidates[row.number]
        if c.kind == "identifier" and _SELF_LABELLED_RE.match(c.value)
    ]
    if len({c.value for c in found}) != 1:
        return []
    return [Link("invoice_number", found[0], None, SELF_LABELLED_SCORE)]
