"""VAT numbers whose label OCR could not read, and the written form of a Swiss UID.

A footer's "USt-IdNr.: DE214620281" comes back from a phone photo as "USHD: DE214620281" or
"USL-I0Nr.: DE675822524": no label matches, yet the number's checksum says what it is. The vendor prints
its own VAT number; the buyer's is printed in the buyer's block with "Ihre", "Your", "Customer" or
"Klant" before it. So a page whose vendor VAT label was lost gives its one checksum-valid VAT number that
no buyer word or label claims, at a low score that calibration sends to a reviewer.
"""

from __future__ import annotations

import re

from extraction.candidates import Candidate
from extraction.labels import LabelHit
from extraction.layout import Layout, Row
from extraction.neighbourhood import Link

_CHECKED = 0.9  # the candidate's checksum passed, as read or after undoing look-alikes
UNLABELLED_VAT_SCORE = 0.5
# A VAT number's (and an IBAN's) prefix is its country's ISO code, but for Greece and Northern Ireland.
_COUNTRY_OF_PREFIX = {"EL": "GR", "XI": "GB"}
# Words that make a VAT number the buyer's: "Ihre USt-IdNr." (OCR: "Thre"), "Your VAT no", "Btw-nr. klant",
# "N° TVA client".
_BUYER_WORDS = re.compile(
    r"(?i)\b(ihre?|thre|your|customer|client|kunden?|klant|uw|votre|buyer|käufer|acheteur|afnemer)\b"
)
_BUYER_FIELDS = ("buyer_vat_id", "buyer_name")
_SWISS_UID = re.compile(r"^CHE-?(\d{3})\.?(\d{3})\.?(\d{3})(MWST|TVA|IVA)?$")


def unlabelled_vendor_vat(
    layout: Layout, hits: dict[int, list[LabelHit]], candidates: dict[int, list[Candidate]]
) -> list[Link]:
    """The one checksum-valid VAT number on the page no buyer's word or label claims, as a weak link."""
    found = [
        c
        for row in layout.rows
        if not _buyers_row(row, hits[row.number])
        for c in candidates[row.number]
        if c.kind == "vat" and c.clean >= _CHECKED
    ]
    if len({c.value for c in found}) != 1:
        return []  # two numbers and no label to tell the vendor's: none of them
    return [Link("vendor_vat_id", found[0], None, UNLABELLED_VAT_SCORE)]


def _buyers_row(row: Row, hits: list[LabelHit]) -> bool:
    return any(hit.labels(field) for hit in hits for field in _BUYER_FIELDS) or bool(
        _BUYER_WORDS.search(row.text())
    )


def written_vat(value: str) -> str:
    """A Swiss UID as it is written ("CHE-123.456.789MWST"): OCR loses its dots or reads them as spaces."""
    match = _SWISS_UID.match(value)
    if match is None:
        return value
    return f"CHE-{match.group(1)}.{match.group(2)}.{match.group(3)}{match.group(4) or ''}"


def country_of_prefix(prefix: str) -> str:
    """The ISO country code a VAT number's two-letter prefix stands for ("EL": GR)."""
    return _COUNTRY_OF_PREFIX.get(prefix, prefix)
