"""The extract stage: `PageText` for all pages -> `Extraction` (header fields, line items, hints).

Every field is chosen among typed candidates found on the pages, by a score that multiplies how surely
its label names the field, where the value sits relative to the label, how cleanly it parsed and how
sure OCR was of its words; totals are chosen together so that net + tax = total can confirm them. A field
with no candidate is left out: nothing is defaulted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from extraction.bank_details import confirm_bics
from extraction.candidates import Candidate, document_date_texts, find_bank_and_tax_ids, find_candidates
from extraction.document_facts import (
    Fact,
    choose_currency,
    choose_document_type,
    choose_payment_terms,
    choose_tax_id,
    looks_american,
    on_letter_paper,
    vendor_countries,
    writes_decimal_comma,
)
from extraction.invoice_numbers import self_labelled_invoice_number
from extraction.labels import LabelHit, detect_language, find_labels
from extraction.layout import Layout, build_layout, union_box
from extraction.line_items import read_line_items
from extraction.neighbourhood import Link, links_for
from extraction.ocr_text import repair_identifier, repair_name
from extraction.parse_dates import GUESSED_ORDER_REASONS, OrderClues, decide_date_order
from extraction.parties import PartyChoice, choose_parties
from extraction.parties_text import is_address_line
from extraction.tax_ids import unlabelled_vendor_vat, written_vat
from extraction.totals import choose_totals
from models.extraction import HEADER_FIELDS, Evidence, Extraction, FieldValue
from models.pagetext import PageText

# Fields read from a labelled value, and the candidate kinds that can fill them.
_LINKED_FIELDS: dict[str, tuple[str, ...]] = {
    "invoice_number": ("identifier",),
    "purchase_order": ("identifier",),
    "issue_date": ("date",),
    "due_date": ("date",),
    "vendor_vat_id": ("vat",),
    "buyer_vat_id": ("vat",),
    "vendor_iban": ("iban",),
    "vendor_bic": ("bic",),
}
# A label of one field that also points at another: "Facture n° 562044387 du 02 Juillet 2015".
_BORROWED: dict[str, tuple[tuple[str, float], ...]] = {"issue_date": (("invoice_number", 0.6),)}
# Values taken without a label, at a low score: a valid IBAN is the vendor's, the first date the issue date.
_UNLABELLED: dict[str, tuple[str, float]] = {"vendor_iban": ("iban", 0.7), "issue_date": ("date", 0.3)}
_MIN_CONFIDENCE = 0.2
# A date with no label is the issue date only in the header: lower down it is a stamp or a service date.
_UNLABELLED_DATE_ABOVE = 0.5
_REPEAT_BONUS = 0.05  # the same value found at another labelled place
_DUE_BEFORE_ISSUE = 0.5
_DUE_ROWS_BELOW = 6
_DUE_MAX_DAYS = 120
_DUE_BY_PLACE = 0.5  # a date placed like a due date, with no label left to say so


@dataclass(frozen=True)
class _Reading:
    layout: Layout
    hits: dict[int, list[LabelHit]]
    candidates: dict[int, list[Candidate]]


def extract_fields(pages: Sequence[PageText], *, use_ner: bool = True) -> Extraction:
    layout = build_layout(pages)
    if not layout.rows:
        return Extraction(fields={})
    hits = find_labels(layout)
    language = detect_language(layout, hits)
    currency = choose_currency(layout)
    bank_and_tax_ids = find_bank_and_tax_ids(layout)
    clues = OrderClues(
        currency=currency.value if currency else None,
        language=language,
        american_layout=looks_american(layout),
        letter_paper=on_letter_paper(layout),
        vendor_countries=vendor_countries(bank_and_tax_ids, hits),
        decimal_comma=writes_decimal_comma(layout),
    )
    order, why = decide_date_order(document_date_texts(layout), clues=clues)
    candidates = find_candidates(
        layout, order, order_guessed=why in GUESSED_ORDER_REASONS, bank_and_tax_ids=bank_and_tax_ids
    )
    candidates = confirm_bics(layout, candidates)
    reading = _Reading(layout, hits, candidates)
    items = read_line_items(layout, hits, reading.candidates)
    fields = _linked_fields(reading)
    for name, choice in choose_totals(layout, hits, reading.candidates, items.rows).items():
        fields[name] = _from_link(layout, choice.link, choice.confidence)
    for name, party in choose_parties(layout, hits, use_ner=use_ner).items():
        fields[name] = _from_party(layout, party)
    negative = "total" in fields and fields["total"].value.startswith("-")
    facts = {
        "currency": currency,
        "document_type": choose_document_type(layout, negative, hits),
        "payment_terms": choose_payment_terms(layout, hits),
        "vendor_tax_id": choose_tax_id(layout, hits),
    }
    for name, fact in facts.items():
        if fact is not None:
            fields[name] = _from_fact(layout, fact)
    _check_dates(fields)
    kept = {n: fields[n] for n in HEADER_FIELDS if n in fields and fields[n].confidence >= _MIN_CONFIDENCE}
    hints = {"date_order": order, "date_order_reason": why}
    return Extraction(fields=kept, lines=items.lines, language=language, locale_hints=hints)


def _linked_fields(reading: _Reading) -> dict[str, FieldValue]:
    chosen: dict[str, tuple[Link, float]] = {}
    for field, kinds in _LINKED_FIELDS.items():
        links = links_for(field, kinds, reading.layout, reading.hits, reading.candidates)
        for source, factor in _BORROWED.get(field, ()):
            borrowed = links_for(source, kinds, reading.layout, reading.hits, reading.candidates)
            links += [Link(field, b.candidate, b.label, b.score * factor) for b in borrowed]
        links += _unlabelled(field, reading)
        if field == "vendor_vat_id" and not links:
            links = unlabelled_vendor_vat(reading.layout, reading.hits, reading.candidates)
        if field == "invoice_number" and not links:
            links = self_labelled_invoice_number(reading.layout, reading.candidates)
        links = [link for link in links if not _opens_address(reading.layout, link.candidate)]
        best = _best_value(links)
        if best is not None:
            chosen[field] = best
    _settle_conflicts(chosen)
    if "due_date" not in chosen and "issue_date" in chosen:
        due = _due_date_under_issue_date(reading, chosen["issue_date"][0])
        if due is not None:
            chosen["due_date"] = due
    return {field: _from_link(reading.layout, link, conf) for field, (link, conf) in chosen.items()}


def _due_date_under_issue_date(reading: _Reading, issue: Link) -> tuple[Link, float] | None:
    """A scan may lose the words of a label column and keep its values: the one later date printed in
    the issue date's column a few rows under it, within the usual payment period, is the due date."""
    layout, issued = reading.layout, issue.candidate
    issue_row = layout.rows[issued.row]
    x0, _, x1, _ = issue_row.box(issued.start, issued.end)
    tolerance = issue_row.height
    found = []
    for row in layout.rows[issued.row + 1 : issued.row + 1 + _DUE_ROWS_BELOW]:
        if row.page != issue_row.page:
            break
        for candidate in reading.candidates[row.number]:
            cx0, _, cx1, _ = row.box(candidate.start, candidate.end)
            aligned = abs(cx0 - x0) <= tolerance or abs(cx1 - x1) <= tolerance
            labelled = any(h.end <= candidate.start for h in reading.hits[row.number])
            if candidate.kind == "date" and aligned and not labelled and _payment_period(issued, candidate):
                found.append(candidate)
    if len(found) != 1:
        return None
    return Link("due_date", found[0], None, _DUE_BY_PLACE), _DUE_BY_PLACE * found[0].confidence


def _payment_period(issued: Candidate, due: Candidate) -> bool:
    days = (dt.date.fromisoformat(due.value) - dt.date.fromisoformat(issued.value)).days
    return 0 < days <= _DUE_MAX_DAYS


def _opens_address(layout: Layout, candidate: Candidate) -> bool:
    """ "8020 Lakeview Drive" next to a logo that reads "PO": a house number, not an order number."""
    if candidate.kind != "identifier":
        return False
    row = layout.rows[candidate.row]
    seg_start, seg_end = row.segment_of(candidate.start)
    words_after = sum(c.isalpha() for c in row.text(candidate.end, seg_end))
    return candidate.start == seg_start and words_after >= 4 and is_address_line(row.text(seg_start, seg_end))


def _unlabelled(field: str, reading: _Reading) -> list[Link]:
    if field not in _UNLABELLED:
        return []
    kind, score = _UNLABELLED[field]
    first_page = min(reading.layout.frames)
    found = [
        c
        for row in reading.layout.rows
        if row.page == first_page
        and (kind != "date" or reading.layout.relative_y(row) < _UNLABELLED_DATE_ABOVE)
        for c in reading.candidates[row.number]
        if c.kind == kind
    ]
    return [Link(field, c, None, score) for c in found[:1]]


def _best_value(links: list[Link]) -> tuple[Link, float] | None:
    """The value with the best score; repeated evidence helps, a close runner-up lowers confidence."""
    by_value: dict[str, list[tuple[float, Link]]] = {}
    for link in links:
        score = link.score * link.candidate.clean * link.candidate.confidence
        by_value.setdefault(link.candidate.value, []).append((score, link))
    if not by_value:
        return None
    ranked = []
    for scored in by_value.values():
        scored.sort(key=lambda item: -item[0])
        places = len({(link.candidate.row, link.candidate.start) for _, link in scored})
        ranked.append((scored[0][0] + _REPEAT_BONUS * min(places - 1, 2), scored[0][1]))
    ranked.sort(key=lambda item: -item[0])
    best_score, best_link = ranked[0]
    margin = 1.0
    if len(ranked) > 1 and best_score > 0:
        closeness = ranked[1][0] / best_score
        margin = 1.0 - 0.3 * max(0.0, (closeness - 0.6) / 0.4)
    return best_link, min(1.0, best_score) * margin


def _settle_conflicts(chosen: dict[str, tuple[Link, float]]) -> None:
    """One printed value fills one field: the buyer's VAT number is not also the vendor's."""
    pairs = (
        ("buyer_vat_id", "vendor_vat_id"),
        ("invoice_number", "purchase_order"),
        ("due_date", "issue_date"),
    )
    for first, second in pairs:
        if first in chosen and second in chosen:
            a, b = chosen[first][0].candidate, chosen[second][0].candidate
            # Two dates may well be equal; only the very same printed date cannot be both.
            same = (a.row, a.start) == (b.row, b.start) if first == "due_date" else a.value == b.value
            if same:
                loser = second if chosen[first][1] >= chosen[second][1] else first
                del chosen[loser]


def _check_dates(fields: dict[str, FieldValue]) -> None:
    issue, due = fields.get("issue_date"), fields.get("due_date")
    if issue and due and due.value < issue.value:
        fields["due_date"] = FieldValue(due.value, due.confidence * _DUE_BEFORE_ISSUE, due.evidence)


def _evidence(layout: Layout, row_number: int, start: int, end: int) -> Evidence:
    row = layout.rows[row_number]
    unit = layout.frames[row.page].unit
    return Evidence(page=row.page, box=row.box(start, end), unit=unit, text=row.text(start, end))


def _from_link(layout: Layout, link: Link, confidence: float) -> FieldValue:
    c = link.candidate
    evidence = _evidence(layout, c.row, c.start, c.end)
    value = c.value
    if _read_by_ocr(layout, c.row) and c.kind == "identifier":
        value = repair_identifier(value)
    elif _read_by_ocr(layout, c.row) and c.kind == "vat":
        value = written_vat(value)
    return FieldValue(value, round(confidence, 4), evidence)


def _read_by_ocr(layout: Layout, row_number: int) -> bool:
    return layout.frames[layout.rows[row_number].page].unit == "px"


def _from_fact(layout: Layout, fact: Fact) -> FieldValue:
    return FieldValue(
        fact.value, round(fact.confidence, 4), _evidence(layout, fact.row, fact.start, fact.end)
    )


def _from_party(layout: Layout, party: PartyChoice) -> FieldValue:
    first = party.spans[0]
    rows = [layout.rows[s.row] for s in party.spans if layout.rows[s.row].page == layout.rows[first.row].page]
    box = union_box(layout.rows[s.row].box(s.start, s.end) for s in party.spans if layout.rows[s.row] in rows)
    evidence = _evidence(layout, first.row, first.start, first.end)
    text = "\n".join(s.text for s in party.spans)
    evidence = Evidence(page=evidence.page, box=box, unit=evidence.unit, text=text)
    value = repair_name(party.value) if _read_by_ocr(layout, first.row) else party.value
    return FieldValue(value, round(party.confidence, 4), evidence, basis=party.basis)
