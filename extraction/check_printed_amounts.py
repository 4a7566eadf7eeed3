"""Check that a tax amount, a net total or an amount due printed on the page was read: they are optional
fields (an invoice without tax, one paid in advance), so an extractor that missed one would otherwise let
the invoice through incomplete, and the ERP would book it without its tax or with the wrong sum to pay.

Printed means a label that names the field ("MwSt. 19 %", "Subtotal", "Balance due", "Net à payer") with an
amount right after it on the same row. A column header ("Tax" over a column of rates) has no amount
after it, and "Tax ID: 14-7097219" no decimals, so neither counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extraction.check_labels import page_labels
from extraction.check_tax import printed_taxes
from extraction.labels import LabelHit
from extraction.layout import Row
from models.extraction import Extraction, Finding
from models.pagetext import PageText

# A text layer's label must match exactly; an OCR'd one may be an edit away ("Zahlbetrag" as "Zahibetrag").
SURE_LABEL = 0.95
OCR_LABEL = 0.85
# The field the label names must be its best reading; "Total due" names the amount due as surely as it
# does the total, which is fine here: printed with an amount, some amount due is on the page.
MONEY = re.compile(r"^\(?-?(?:[€£$]|[A-Z]{3})?-?\d{1,3}(?:[.,'’\u00a0 ]?\d{3})*[.,]\d{2}(?:€|\))?$")
_RATE = re.compile(r"^\(?\d{1,2}(?:[.,]\d{1,2})?\s?%\)?:?$|^%\)?:?$")
_THOUSANDS = re.compile(r"^-?\d{1,3}$")  # "2 605,13": the thousands of an amount spaced apart
# Signs, currencies, and the words that say net or gross after a label ("Sous-total HT", "Warenwert netto").
_FILLER = frozenset(
    {
        ":",
        "(",
        ")",
        "-",
        "€",
        "$",
        "£",
        "eur",
        "chf",
        "gbp",
        "usd",
        "ht",
        "ttc",
        "netto",
        "brutto",
        "net",
        "gross",
    }
)
_MAX_SKIPPED = 3  # a rate and a currency code may stand between the label and its amount


def printed_amount_labels(pages: Sequence[PageText], field: str) -> list[str]:
    """Labels of `field` printed with an amount right after them on their row, as printed."""
    layout, hits_by_row = page_labels(pages)
    found: list[str] = []
    rows = {row.number: row for row in layout.rows}
    for row_number, hits in hits_by_row.items():
        row = rows[row_number]
        for hit in hits:
            if _names(hit, field, row) and _amount_follows(row, hit):
                found.append(row.text(hit.start, hit.end))
    return found


def _names(hit: LabelHit, field: str, row: Row) -> bool:
    best = max(score for _, score in hit.fields)
    needed = SURE_LABEL if row.confidence(hit.start, hit.end) >= 1.0 else OCR_LABEL
    return hit.quality(field) >= needed and hit.quality(field) >= best * hit.match


def _amount_follows(row: Row, hit: LabelHit) -> bool:
    """The amount may stand far right of its label (a totals block), across a wide gap."""
    for index in range(hit.end, min(len(row.tokens), hit.end + _MAX_SKIPPED + 1)):
        text = row.tokens[index].text
        if MONEY.match(text):
            return True
        if not (_RATE.match(text) or _THOUSANDS.match(text) or text.lower().strip(":") in _FILLER):
            return False
    return False


def printed_amount_findings(extraction: Extraction, pages: Sequence[PageText] = ()) -> list[Finding]:
    if not pages:
        return []
    findings = []
    if "total_tax" not in extraction.fields:
        taxes = printed_taxes(pages)
        if taxes:
            message = f"a tax of {taxes[0].tax} at {taxes[0].rate}% is printed but no tax total was read"
            findings.append(Finding("tax_printed_unread", message, ("total_tax",)))
        elif labels := printed_amount_labels(pages, "total_tax"):
            message = f"'{labels[0]}' is printed with an amount but no tax total was read"
            findings.append(Finding("tax_printed_unread", message, ("total_tax",)))
    for field in ("total_net", "amount_due"):
        if field not in extraction.fields and (labels := printed_amount_labels(pages, field)):
            message = f"'{labels[0]}' is printed with an amount but no {field.replace('_', ' ')} was read"
            findings.append(Finding(f"{field}_printed_unread", message, (field,)))
    return findings
