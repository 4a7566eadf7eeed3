"""Learning from reviewers: a corrected field is remembered per vendor and page layout, and read again
at the same place on the vendor's next invoice of that layout.

A lesson holds who the vendor is (VAT id, IBAN, name), a fingerprint of page 1 (which labels it prints
where: they stay put while the values change), and either where the value was printed (relative to the
nearest label left of or above it, which moves with the layout: a totals block slides down as the item
table grows) or, for fields that never change for a vendor, the value itself. A recalled value is only
ever read from the new page, never copied blindly. Pure logic: storing lessons is `models.memory`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Protocol

from extraction.accents import without_accents
from extraction.labels import LabelHit, find_labels
from extraction.layout import Layout, Row, Token, build_layout, union_box
from extraction.ocr_text import repair_identifier
from extraction.parse_amounts import currency_of, detect_currency, parse_amount
from extraction.parse_dates import DateOrder, parse_date
from models.extraction import AMOUNT_FIELDS, DATE_FIELDS, Evidence, Extraction, FieldValue
from models.pagetext import Box, PageText

MEMORY_BASIS = "memory"
MEMORY_CONFIDENCE = 0.97
# Two first pages are one layout from this similarity on (the share of labels printed in the same place).
# Measured on the generator's train vendors: two invoices of one vendor and layout score 0.59 to 1.0
# (median 0.88), the same vendor's labels in another layout 0.32 at the median, above 0.6 one time in ten;
# the anchor word must then also be found in its column before anything is read.
LAYOUT_MATCH = 0.6
_SAME_COLUMN = 0.02  # share of the page width within which two labels are in the same place
_SAME_ROW = 0.04  # and of the page height, in the header
_HEADER_BOTTOM = 0.35  # below this share of the page height, labels move with the item table
_FEWEST_LABELS = 4  # fewer labels than this tell no layout from another
_FINGERPRINT_WORDS = 250
# An anchor keeps its column (x) on a layout but may slide down with the item table (y).
_ANCHOR_DX, _ANCHOR_DY = 0.1, 0.6
_ANCHOR_LEFT_REACH = 0.3  # a label further left than this share of the page width is another column's
_ANCHOR_ABOVE_ROWS = 4.0  # a label above sits at most this many row heights over its value
_LEAST_OVERLAP = 0.1  # of the words read with the expected box, horizontally (intersection over union)
_TOTALS_TOLERANCE = Decimal("0.02")  # as the validate stage's

# Fields a vendor prints the same on every invoice: the value is remembered and reused where printed.
STATIC_FIELDS = frozenset(
    {
        "vendor_name",
        "vendor_address",
        "vendor_vat_id",
        "vendor_tax_id",
        "vendor_iban",
        "vendor_bic",
        "buyer_name",
        "buyer_vat_id",
        "payment_terms",
        "currency",
    }
)
# Fields whose value changes on every invoice: the place is remembered and read again.
PLACED_FIELDS = frozenset({"invoice_number", "purchase_order", "issue_date", "due_date", *AMOUNT_FIELDS})
_IDENTIFIER_FIELDS = frozenset(
    {
        "invoice_number",
        "purchase_order",
        "vendor_vat_id",
        "vendor_tax_id",
        "vendor_iban",
        "vendor_bic",
        "buyer_vat_id",
    }
)
_EDGE_PUNCT = ",;:()[]#*\"'"
_MAX_WORDS = {"date": 5, "amount": 3, "identifier": 9, "currency": 1}
# The vendor is told by its VAT id, else its IBAN, else its name.
_KEY_FIELDS = (("vat", "vendor_vat_id"), ("iban", "vendor_iban"), ("name", "vendor_name"))


@dataclass(frozen=True)
class VendorKeys:
    vat: str | None = None
    iban: str | None = None
    name: str | None = None

    def is_empty(self) -> bool:
        return not (self.vat or self.iban or self.name)

    def same_vendor(self, other: VendorKeys, *, ignore: str | None = None) -> bool:
        """Compared by the strongest key both have; `ignore` leaves out the key of the field a lesson
        corrects, since the extractor may misread that one again on the next invoice."""
        for kind, field in _KEY_FIELDS:
            if field == ignore:
                continue
            mine, theirs = getattr(self, kind), getattr(other, kind)
            if mine and theirs:
                return mine == theirs
        return False


@dataclass(frozen=True)
class LabelWord:
    text: str  # folded: lower case, no accents or punctuation
    x: float  # left edge, share of the page width
    y: float  # top edge, share of the page height


Fingerprint = tuple[LabelWord, ...]


@dataclass(frozen=True)
class Place:
    """Where a value was printed, in shares of the page size (pt and px pages compare alike)."""

    page: int
    box: Box
    words: int  # how many words the value was printed in
    anchor: str | None = None  # the folded label word left of or above the value
    anchor_box: Box | None = None

    def to_json(self) -> dict:
        return {
            "page": self.page,
            "box": [round(v, 5) for v in self.box],
            "words": self.words,
            "anchor": self.anchor,
            "anchor_box": [round(v, 5) for v in self.anchor_box] if self.anchor_box else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> Place:
        anchor_box = data.get("anchor_box")
        return cls(
            page=data["page"],
            box=_box(data["box"]),
            words=data["words"],
            anchor=data.get("anchor"),
            anchor_box=_box(anchor_box) if anchor_box else None,
        )


@dataclass(frozen=True)
class Lesson:
    field: str
    vendor: VendorKeys
    layout: Fingerprint
    place: Place | None  # None for a remembered value that was not found on its page
    value: str | None = None  # only for STATIC_FIELDS
    document_id: int | None = None  # the corrected document, to tell the reviewer where it came from


@dataclass(frozen=True)
class Recall:
    field: str
    found: FieldValue
    document_id: int | None

    def note(self) -> str:
        source = f"document #{self.document_id}" if self.document_id is not None else "an earlier invoice"
        return f"{self.field} taken from a reviewer's correction on {source}"


class LessonSource(Protocol):
    def lessons_for(self, keys: VendorKeys) -> Sequence[Lesson]:
        """The vendor's lessons, newest first."""
        ...


# --- keys and fingerprints ---------------------------------------------------------------------------


def fold(text: str) -> str:
    return re.sub(r"[\W_]", "", without_accents(text.casefold()))


def _text_key(text: str) -> str:
    return " ".join(w for w in (fold(part) for part in text.split()) if w)


def _compact(text: str) -> str:
    return re.sub(r"\s", "", text).strip(_EDGE_PUNCT).casefold()


def vendor_keys(values: Mapping[str, str | None]) -> VendorKeys:
    """The keys of the vendor an invoice's fields name (cut to what the lesson table stores)."""
    vat, iban, name = (values.get(field) for _, field in _KEY_FIELDS)
    return VendorKeys(
        vat=_identifier_key(vat)[:64] or None,
        iban=_identifier_key(iban)[:64] or None,
        name=_text_key(name or "")[:255] or None,
    )


def extraction_keys(extraction: Extraction) -> VendorKeys:
    return vendor_keys({name: found.value for name, found in extraction.fields.items()})


def _identifier_key(text: str | None) -> str:
    return re.sub(r"[^0-9A-Z]", "", (text or "").upper())


def _label_like(text: str) -> bool:
    folded = fold(text)
    return len(folded) >= 2 and folded.isalpha()


def fingerprint(page: PageText) -> Fingerprint:
    """Which fields' labels the page prints where: what one layout prints on every invoice, whatever the
    values. A label is named by the fields it labels, not its letters, so an OCR slip still matches."""
    layout = build_layout([page])
    hits = find_labels(layout)
    words = []
    for row in layout.rows:
        for hit in hits.get(row.number, []):
            first = row.tokens[hit.start]
            names = "+".join(sorted(name for name, _ in hit.fields))
            words.append(
                LabelWord(names, round(first.box[0] / page.width, 4), round(first.box[1] / page.height, 4))
            )
    return tuple(words[:_FINGERPRINT_WORDS])


def first_page_fingerprint(pages: Sequence[PageText]) -> Fingerprint:
    return fingerprint(min(pages, key=lambda p: p.page)) if pages else ()


def layout_similarity(first: Fingerprint, second: Fingerprint) -> float:
    """The share of the smaller page's labels that the other prints in about the same place (so optional
    rows, such as a PO number printed on one invoice only, do not count against a match). Below the
    header a label may sit lower or higher: the totals block moves with the length of the item table."""
    if min(len(first), len(second)) < _FEWEST_LABELS:
        return 0.0
    by_text: dict[str, list[LabelWord]] = {}
    for word in second:
        by_text.setdefault(word.text, []).append(word)
    shared = 0
    for word in first:
        options = by_text.get(word.text, [])
        match = next((o for o in options if _same_place(word, o)), None)
        if match is not None:
            options.remove(match)
            shared += 1
    return shared / min(len(first), len(second))


def _same_place(a: LabelWord, b: LabelWord) -> bool:
    if abs(a.x - b.x) > _SAME_COLUMN:
        return False
    return abs(a.y - b.y) <= _SAME_ROW or min(a.y, b.y) > _HEADER_BOTTOM


def fingerprint_to_json(layout: Fingerprint) -> list[list]:
    return [[w.text, w.x, w.y] for w in layout]


def fingerprint_from_json(data: Iterable[Sequence]) -> Fingerprint:
    return tuple(LabelWord(str(t), float(x), float(y)) for t, x, y in data)


def _box(values: Sequence[float]) -> Box:
    return (float(values[0]), float(values[1]), float(values[2]), float(values[3]))


# --- learning ----------------------------------------------------------------------------------------


def learn(
    field: str,
    value: str | None,
    pages: Sequence[PageText],
    final_values: Mapping[str, str | None],
    *,
    document_id: int | None = None,
) -> Lesson | None:
    """The lesson of one correction, or None when there is nothing to recall it by: no vendor key, no
    pages, a field the memory does not handle, or a changing value not found on the page."""
    if value is None or not pages or field not in STATIC_FIELDS | PLACED_FIELDS:
        return None
    keys = vendor_keys(final_values)
    if not keys.same_vendor(keys, ignore=field):
        return None  # no key left to tell the vendor by
    place = _place(build_layout(_pages_to_read(pages)), field, value)
    if field in PLACED_FIELDS and place is None:
        return None
    kept = value if field in STATIC_FIELDS else None
    return Lesson(field, keys, first_page_fingerprint(pages), place, kept, document_id)


def _pages_to_read(pages: Sequence[PageText]) -> list[PageText]:
    """The first two pages and the last: header fields and totals are printed there, and a long
    invoice's item pages would only cost time."""
    ordered = sorted(pages, key=lambda p: p.page)
    return ordered if len(ordered) <= 3 else [*ordered[:2], ordered[-1]]


@dataclass(frozen=True)
class _Span:
    row: Row
    start: int
    end: int

    @property
    def box(self) -> Box:
        return self.row.box(self.start, self.end)

    @property
    def text(self) -> str:
        return self.row.text(self.start, self.end)

    @property
    def confidence(self) -> float:
        return self.row.confidence(self.start, self.end)


def _kind(field: str) -> str:
    if field in DATE_FIELDS:
        return "date"
    if field in AMOUNT_FIELDS:
        return "amount"
    if field == "currency":
        return "currency"
    return "identifier" if field in _IDENTIFIER_FIELDS else "text"


def _matches(field: str, text: str, value: str, order: DateOrder | None) -> bool:
    """Whether printed `text` reads as the stored `value` of `field`."""
    kind = _kind(field)
    if kind == "date":
        orders: tuple[DateOrder, ...] = (order,) if order else ("dmy", "mdy")
        return any(parse_date(text, o) == value for o in orders)
    if kind == "amount":
        return _same_amount(_read_amount(text), value)
    if kind == "currency":  # a code or symbol, on its own or printed with an amount ("$1,234.00")
        return value in (currency_of(text), detect_currency(text))
    if kind == "identifier":
        return _compact(text) == _compact(value)
    return _text_key(text) == _text_key(value)


def _read_amount(text: str) -> str | None:
    text = text.strip(_EDGE_PUNCT)
    return None if not text or "%" in text else parse_amount(text)


def _same_amount(read: str | None, value: str) -> bool:
    try:
        return read is not None and Decimal(read) == Decimal(value)
    except InvalidOperation:
        return False


def _spans(row: Row, most_words: int) -> Iterable[_Span]:
    for start in range(len(row.tokens)):
        for end in range(start + 1, min(len(row.tokens), start + most_words) + 1):
            yield _Span(row, start, end)


def _find(layout: Layout, field: str, value: str, order: DateOrder | None = None) -> list[_Span]:
    """Every place the value is printed, in reading order."""
    most = _MAX_WORDS.get(_kind(field), len(value.split()) + 3)
    found: list[_Span] = []
    for row in layout.rows:
        if not _may_print(field, row, value):
            continue
        for span in _spans(row, most):
            if _matches(field, span.text, value, order) and not any(_overlaps(span, f) for f in found):
                found.append(span)
    return found


def _may_print(field: str, row: Row, value: str) -> bool:
    """A quick test that skips rows which cannot hold the value (parsing every span is slow)."""
    kind = _kind(field)
    if kind == "identifier":
        return _compact(value) in _compact(row.text())
    if kind == "text":
        return fold(value) in fold(row.text())
    return kind == "currency" or any(c.isdigit() for c in row.text())


def _overlaps(a: _Span, b: _Span) -> bool:
    return a.row is b.row and a.start < b.end and b.start < a.end


def _place(layout: Layout, field: str, value: str) -> Place | None:
    """Where the value sits (its first line, for an address). Printed twice, the place next to a label
    of the field itself wins, then one next to any known label ("Total" over an equal "Amount due"),
    then the first page, then the closest label."""
    spans = _find(layout, field, value.split("\n")[0])
    if not spans:
        return None
    hits = find_labels(layout)
    ranked = [(_anchor(layout, hits, span, field), span) for span in spans]
    (_, _, anchor), span = min(ranked, key=lambda item: (item[0][0], item[1].row.page, item[0][1]))
    frame = layout.frames[span.row.page]
    return Place(
        page=span.row.page,
        box=_relative(span.box, frame.width, frame.height),
        words=span.end - span.start,
        anchor=anchor[0] if anchor else None,
        anchor_box=_relative(anchor[1], frame.width, frame.height) if anchor else None,
    )


def printed_box(place: Place, pages: Sequence[PageText]) -> tuple[PageText, Box] | None:
    """The page and the box (in that page's own unit) where a remembered place lies."""
    page = next((p for p in pages if p.page == place.page), None)
    if page is None:
        return None
    x0, y0, x1, y1 = place.box
    return page, (x0 * page.width, y0 * page.height, x1 * page.width, y1 * page.height)


def _relative(box: Box, width: float, height: float) -> Box:
    return (box[0] / width, box[1] / height, box[2] / width, box[3] / height)


def _anchor(
    layout: Layout, hits: dict[int, list[LabelHit]], span: _Span, field: str
) -> tuple[int, float, tuple[str, Box] | None]:
    """The label nearest left of (else above) the value, its rank (0 labels this field, 1 is a known
    label, 2 is any words without digits, 3 none was found) and distance. A label is the run of words
    without digits it is part of, so "Total tax" is not taken for "Total"."""
    frame = layout.frames[span.row.page]
    value_box = span.box
    options: list[tuple[int, float, str, Box]] = []
    for row, index, token in _tokens_near(layout, span, frame.width):
        if not _anchor_word(token.text):
            continue
        hit = next((h for h in hits.get(row.number, []) if h.start <= index < h.end), None)
        rank = 2 if hit is None else (0 if hit.labels(field) else 1)
        if row is span.row:
            distance = (value_box[0] - token.box[2]) / frame.width
        else:  # a label above counts after any on the value's own row
            distance = 1.0 + (value_box[1] - token.box[3]) / frame.height
        start, end = _label_run(row, index)
        options.append((rank, distance, _run_text(row, start, end), row.box(start, end)))
    if not options:
        return 3, 0.0, None
    rank, distance, text, box = min(options, key=lambda o: (o[0], o[1]))
    return rank, distance, (text, box)


def _label_run(row: Row, index: int) -> tuple[int, int]:
    """The words without digits around `index`, within its column segment."""
    seg_start, seg_end = row.segment_of(index)
    start, end = index, index + 1
    while start > seg_start and _anchor_word(row.tokens[start - 1].text):
        start -= 1
    while end < seg_end and _anchor_word(row.tokens[end].text):
        end += 1
    return start, end


def _anchor_word(text: str) -> bool:
    """A word that can be part of a label: no digits, and not a currency, which may change."""
    return _label_like(text) and currency_of(text) is None


def _label_runs(row: Row) -> Iterable[tuple[int, int]]:
    index = 0
    while index < len(row.tokens):
        if _anchor_word(row.tokens[index].text):
            start, end = _label_run(row, index)
            yield start, end
            index = end
        else:
            index += 1


def _run_text(row: Row, start: int, end: int) -> str:
    return "".join(fold(t.text) for t in row.tokens[start:end])


def _tokens_near(layout: Layout, span: _Span, page_width: float) -> Iterable[tuple[Row, int, Token]]:
    """Words left of the value on its row (within reach), and words over it in the rows just above."""
    value_box = span.box
    for index in range(span.start):
        token = span.row.tokens[index]
        if value_box[0] - token.box[2] <= _ANCHOR_LEFT_REACH * page_width:
            yield span.row, index, token
    height = span.row.height
    for row in layout.page_rows(span.row.page):
        if row is span.row:
            continue
        for index, token in enumerate(row.tokens):
            gap = value_box[1] - token.box[3]  # rows are joined loosely: judge each word on its own
            above = -0.3 * height <= gap <= _ANCHOR_ABOVE_ROWS * height and token.box[1] < value_box[1]
            if above and token.box[0] < value_box[2] and value_box[0] < token.box[2]:
                yield row, index, token


# --- recalling ---------------------------------------------------------------------------------------


def applicable(lessons: Iterable[Lesson], keys: VendorKeys, page_one: Fingerprint) -> dict[str, list[Lesson]]:
    """Per field, the lessons of this vendor and layout, in the order given (newest first)."""
    chosen: dict[str, list[Lesson]] = {}
    for lesson in lessons:
        if not lesson.vendor.same_vendor(keys, ignore=lesson.field):
            continue
        if layout_similarity(lesson.layout, page_one) < LAYOUT_MATCH:
            continue
        chosen.setdefault(lesson.field, []).append(lesson)
    return chosen


def recall(
    extraction: Extraction, pages: Sequence[PageText], lessons: Iterable[Lesson]
) -> tuple[Recall, ...]:
    """The fields the vendor's lessons read on these pages; per field the newest lesson that reads wins."""
    keys = extraction_keys(extraction)
    if not pages or keys.is_empty():
        return ()
    by_field = applicable(lessons, keys, first_page_fingerprint(pages))
    if not by_field:
        return ()
    layout = build_layout(_pages_to_read(pages))
    order: DateOrder = "mdy" if extraction.locale_hints.get("date_order") == "mdy" else "dmy"
    confirmed = _totals_add_up(extraction)
    recalled = []
    for field, candidates in by_field.items():
        for lesson in candidates:
            found = _read(layout, lesson, order)
            if found is not None:
                recalled.append(Recall(field, found, lesson.document_id))
                break
    # Totals that add up were read right: a lesson from an invoice with one tax rate must not replace
    # the VAT total of one with two.
    return tuple(
        r for r in recalled if r.field not in confirmed or r.found.value == extraction.value(r.field)
    )


def _totals_add_up(extraction: Extraction) -> frozenset[str]:
    names = ("total_net", "total_tax", "total")
    try:
        net, tax, total = (Decimal(extraction.value(name) or "x") for name in names)
    except InvalidOperation:
        return frozenset()
    return frozenset(names) if abs(net + tax - total) <= _TOTALS_TOLERANCE else frozenset()


def apply_recalls(extraction: Extraction, recalls: Iterable[Recall]) -> Extraction:
    fields = dict(extraction.fields)
    for recalled in recalls:
        fields[recalled.field] = recalled.found
    return replace(extraction, fields=fields)


def _read(layout: Layout, lesson: Lesson, order: DateOrder) -> FieldValue | None:
    if lesson.field in STATIC_FIELDS:
        return _printed(layout, lesson.field, lesson.value, order) if lesson.value else None
    if lesson.place is None:
        return None
    return _read_at(layout, lesson.field, lesson.place, order)


def _printed(layout: Layout, field: str, value: str, order: DateOrder) -> FieldValue | None:
    """A remembered value, when this invoice prints it (every line of an address)."""
    spans = []
    for line in value.split("\n"):
        found = _find(layout, field, line, order)
        if not found:
            return None
        spans.append(found[0])
    return _field_value(layout, value, spans)


def _read_at(layout: Layout, field: str, place: Place, order: DateOrder) -> FieldValue | None:
    """The value printed where the lesson says, found from its anchor word: on the lesson's page, else
    on another (a longer invoice carries its totals over to the next page)."""
    others = [number for number in sorted(layout.frames, reverse=True) if number != place.page]
    for number in [place.page, *others] if place.page in layout.frames else others:
        found = _read_on_page(layout, field, place, number, order)
        if found is not None:
            return found
    return None


def _read_on_page(layout: Layout, field: str, place: Place, page: int, order: DateOrder) -> FieldValue | None:
    frame = layout.frames[page]
    expected = _expected_box(layout, place, page)
    if expected is None:
        return None
    box = (
        expected[0] * frame.width,
        expected[1] * frame.height,
        expected[2] * frame.width,
        expected[3] * frame.height,
    )
    best: tuple[float, _Span, str] | None = None
    most = max(place.words + 2, _MAX_WORDS.get(_kind(field), 0))
    for row in _rows_at(layout, page, box):
        for span in _spans(row, most):
            overlap = _horizontal_iou(span.box, box)
            value = _parse(field, span, order, frame.unit == "px") if overlap > _LEAST_OVERLAP else None
            if value is None or _extendable(field, span, order):
                continue
            score = overlap - 0.15 * abs(span.end - span.start - place.words)
            if best is None or score > best[0]:
                best = (score, span, value)
    return None if best is None else _field_value(layout, best[2], [best[1]])


def _expected_box(layout: Layout, place: Place, page: int) -> Box | None:
    """Where the value should sit on the page (shares of the page size), moved as its anchor moved (the
    nearest label of the same words in about the same column; anywhere on another page)."""
    if place.anchor is None or place.anchor_box is None:
        return place.box if page == place.page else None
    frame = layout.frames[page]
    old_x, old_y = place.anchor_box[0], place.anchor_box[1]
    reach_y = _ANCHOR_DY if page == place.page else 1.0
    options = []
    for row in layout.page_rows(page):
        for start, end in _label_runs(row):
            if not _same_word(_run_text(row, start, end), place.anchor):
                continue
            box = row.box(start, end)
            x, y = box[0] / frame.width, box[1] / frame.height
            dx, dy = abs(x - old_x), abs(y - old_y)
            if dx <= _ANCHOR_DX and dy <= reach_y:
                options.append((4 * dx + dy, x, y))
    if not options:
        return None
    _, x, y = min(options)
    shift_x, shift_y = x - old_x, y - old_y
    return (place.box[0] + shift_x, place.box[1] + shift_y, place.box[2] + shift_x, place.box[3] + shift_y)


def _same_word(read: str, remembered: str) -> bool:
    """Equal, or one OCR slip apart in a longer word."""
    if read == remembered:
        return True
    if len(remembered) < 5 or abs(len(read) - len(remembered)) > 1:
        return False
    if len(read) == len(remembered):
        return sum(a != b for a, b in zip(read, remembered, strict=True)) <= 1
    short, long_ = sorted((read, remembered), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _rows_at(layout: Layout, page: int, box: Box) -> list[Row]:
    """The two rows sharing most of their height with the expected box (at least half of it)."""
    found = []
    for row in layout.page_rows(page):
        overlap = min(row.bottom, box[3]) - max(row.top, box[1])
        height = min(row.bottom - row.top, box[3] - box[1])
        if height > 0 and overlap >= 0.5 * height:
            found.append((-overlap / height, row.number, row))
    return [row for _, _, row in sorted(found, key=lambda item: item[:2])[:2]]


def _extendable(field: str, span: _Span, order: DateOrder) -> bool:
    """Whether a neighbouring word of the same column still reads as a date or amount with the span:
    "439,21" is part of "10 439,21"."""
    if _kind(field) not in ("date", "amount"):
        return False
    segment = span.row.segment_of(span.start)
    wider = []
    if span.start > segment[0]:
        wider.append(_Span(span.row, span.start - 1, span.end))
    if span.end < segment[1]:
        wider.append(_Span(span.row, span.start, span.end + 1))
    return any(_parse(field, w, order, by_ocr=False) is not None for w in wider)


def _horizontal_iou(a: Box, b: Box) -> float:
    inter = min(a[2], b[2]) - max(a[0], b[0])
    union = max(a[2], b[2]) - min(a[0], b[0])
    return max(0.0, inter) / union if union > 0 else 0.0


def _parse(field: str, span: _Span, order: DateOrder, by_ocr: bool) -> str | None:
    """The value of `field` the words spell, canonical as the extractor gives it, or None."""
    kind = _kind(field)
    if kind == "date":
        return parse_date(span.text, order)
    if kind == "amount":
        return _read_amount(span.text)
    if kind != "identifier":
        return None  # text fields are remembered by value, never read by place
    if span.row.segment_of(span.start) != span.row.segment_of(span.end - 1):
        return None  # one identifier never spans a column gap
    text = span.text.strip(_EDGE_PUNCT)
    if len(text) < 2 or not any(c.isdigit() for c in text):
        return None
    return repair_identifier(text) if by_ocr else text


def _field_value(layout: Layout, value: str, spans: list[_Span]) -> FieldValue:
    page = spans[0].row.page
    box = union_box(s.box for s in spans if s.row.page == page)
    text = "\n".join(s.text for s in spans)
    evidence = Evidence(page=page, box=box, unit=layout.frames[page].unit, text=text)
    confidence = _memory_confidence(min(s.confidence for s in spans))
    return FieldValue(value, confidence, evidence, basis=MEMORY_BASIS)


def _memory_confidence(word_confidence: float) -> float:
    """Sure for a text layer; an OCR word read unsurely may be misread here as on the corrected page."""
    return round(min(MEMORY_CONFIDENCE, 0.5 + 0.5 * word_confidence), 4)
