"""Check that a field whose label is printed was read: "N° de commande: PO-77646" with no purchase order
extracted means the value was missed, and an invoice approved without it would go out incomplete.

Only labels that name one field for sure count: "TVA" (tax, tax rate or VAT number) or "Montant HT"
(a column or the net total) say too little. A label printed with nothing after it sends the invoice to
review too, which is the safe side.
"""

from __future__ import annotations

from collections.abc import Sequence

from extraction.labels import LabelHit, find_labels
from extraction.layout import Layout, Row, build_layout
from models.extraction import Extraction, Finding
from models.pagetext import PageText

SURE_LABEL = 0.95  # the label's score for its field, times how exactly it matched
OTHER_FIELD = 0.5  # any other field the same phrase labels above this makes it ambiguous
# Fields whose label is followed by a value with digits in it: a number, a date, an IBAN. Not names and
# addresses (found by layout, and "client" in "Code client" is no name label) nor the vendor's tax id
# ("Handelsregister HRB 1234" is a register entry the field does not take).
_VALUE_FIELDS = frozenset(
    {
        "invoice_number",
        "issue_date",
        "due_date",
        "purchase_order",
        "vendor_vat_id",
        "vendor_iban",
        "buyer_vat_id",
        "total_net",
        "total_tax",
        "total",
        "amount_due",
    }
)


def page_labels(pages: Sequence[PageText]) -> tuple[Layout, dict[int, list[LabelHit]]]:
    """The pages' layout and the label hits per row, found once for all the checks that read labels: the
    extractor's layout cache hands back the same layout object for the same pages."""
    layout = build_layout(pages)
    cached = _last_labels[0]  # one read: another thread may replace it meanwhile
    if cached is not None and cached[0] is layout:
        return cached
    found = (layout, find_labels(layout))
    _last_labels[0] = found
    return found


_last_labels: list[tuple[Layout, dict[int, list[LabelHit]]] | None] = [None]


def labelled_fields(pages: Sequence[PageText]) -> dict[str, str]:
    """Header fields a sure, unambiguous label names on the pages, with the first such label as printed."""
    layout, hits_by_row = page_labels(pages)
    if not layout.rows:
        return {}
    found: dict[str, str] = {}
    rows = {row.number: row for row in layout.rows}
    for row_number, hits in hits_by_row.items():
        row = rows[row_number]
        for hit in hits:
            field = _sure_field(hit)
            if (
                field is not None
                and field not in found
                and _value_follows(row, rows.get(row_number + 1), hit)
            ):
                found[field] = row.text(hit.start, hit.end)
    return found


def _sure_field(hit: LabelHit) -> str | None:
    ranked = sorted(hit.fields, key=lambda item: -item[1])
    field, score = ranked[0]
    if field not in _VALUE_FIELDS or score * hit.match < SURE_LABEL:
        return None
    if any(other_score > OTHER_FIELD for _, other_score in ranked[1:]):
        return None
    return field


def _value_follows(row: Row, below: Row | None, hit: LabelHit) -> bool:
    """A value with a digit right after the label ("N° de commande: PO-77646"), or, for a label ending its
    column, under it in the next row (a header row over a row of values). Not "Ihre Bestellung." in a
    closing sentence, nor "Payment due within 30 days" (the terms, not a date)."""
    if hit.end < len(row.tokens) and row.segment_of(hit.end) == row.segment_of(hit.start):
        return _has_digit(row.tokens[hit.end].text)
    if below is None or below.page != row.page:
        return False
    left, right = row.tokens[hit.start].box[0], row.tokens[hit.end - 1].box[2]
    return any(_has_digit(t.text) and t.box[0] < right and t.box[2] > left for t in below.tokens)


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def label_findings(extraction: Extraction, pages: Sequence[PageText] = ()) -> list[Finding]:
    if not pages:
        return []
    findings = []
    for field, label in labelled_fields(pages).items():
        if field not in extraction.fields:
            message = f"'{label}' is printed but no {field.replace('_', ' ')} was read"
            findings.append(Finding("labelled_but_unread", message, (field,)))
    return findings
