"""Line items from word geometry: a header row names the columns, amounts in the amount column make rows.

Columns take their x-range from the header words; a row with an amount in the amount column is an item,
rows under it with text only in the description column continue its description, a subtotal row is
skipped and a totals row (or a wide gap, or the end of the page) ends the table. A header repeated on a
later page starts the next part of the same table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extraction.candidates import Candidate
from extraction.labels import LabelHit, compact
from extraction.layout import Layout, Row, Token, union_box
from extraction.line_columns import Column, find_headers, is_header
from extraction.parse_amounts import canonical_number, read_amount
from models.extraction import Evidence, LineItem

_NUMERIC = frozenset({"amount", "unit_price", "quantity", "tax_rate", "discount", "position"})
_TOTAL_FIELDS = ("total", "total_tax", "amount_due", "total_net")
_SUBTOTAL_PREFIXES = ("sub", "zwischen", "sous")
# Rows between pages that repeat a running sum ("Carried forward", "Übertrag", "Report page précédente"):
# they hold an amount but are no items. Matched at the row's start so "management report" stays an item.
_CARRIED_RE = re.compile(
    r"^(?:balance\s+)?(?:(?:carried|brought)\s+forward|forward\b|übertrag|uebertrag|report\b|à\s+reporter"
    r"|a\s+reporter|overdracht|over\s+te\s+brengen|transport\b|saldo\s+van)",
    re.IGNORECASE,
)
# A page number ("Page 1 of 2", "Seite 2 von 3", "Blatt 1/2") is read as a number under the amount column.
_PAGE_NUMBER_RE = re.compile(
    r"^(?:page|seite|blatt|pagina|pag\.)\s*\d*\s*(?:of|von|sur|de|van|/)\s*\d+\b", re.IGNORECASE
)
_CONTINUATION_GAP = 1.5  # row heights between an item and a continuation line of its description
_END_OF_TABLE_GAP = 4.0  # row heights of empty space that end a table


@dataclass(frozen=True)
class LineItems:
    lines: tuple[LineItem, ...]
    rows: frozenset[int]  # row numbers read as items or their continuation lines


@dataclass
class _Item:
    rows: list[Row]
    values: dict[str, str]
    description: list[str]
    confidence: float


def read_line_items(
    layout: Layout, hits: dict[int, list[LabelHit]], candidates: dict[int, list[Candidate]]
) -> LineItems:
    items: list[_Item] = []
    headers = find_headers(layout, hits)
    header_pages = {row.page for row, _ in headers}
    for header, columns in headers:
        found, ended = _read_table(layout.rows[header.number + 1 :], header.page, columns, hits, candidates)
        items.extend(found)
        page = header.page + 1
        # A table whose page has no totals goes on at the top of the next one, with or without its header.
        while _goes_on(layout, ended, page - 1, hits, candidates) and page in layout.frames:
            if page in header_pages:
                break
            found, ended = _read_table(layout.page_rows(page), page, columns, hits, candidates)
            items.extend(found)
            page += 1
    lines = tuple(_to_line(layout, item) for item in items)
    rows = frozenset(row.number for item in items for row in item.rows)
    return LineItems(lines, rows)


def _goes_on(layout: Layout, ended: str, page: int, hits, candidates) -> bool:
    if ended not in ("page", "gap"):
        return False
    rows = layout.page_rows(page)
    return not any(_row_kind(r, hits[r.number], candidates[r.number]) == "total" for r in rows)


def _read_table(rows, page: int, columns, hits, candidates) -> tuple[list[_Item], str]:
    """Items from the rows under a header, and what ended the table: total, gap, header or page."""
    items: list[_Item] = []
    current: _Item | None = None
    previous: Row | None = None
    for row in rows:
        if row.page != page:
            return items, "page"
        if is_header(row, hits):
            return items, "header"
        if items and previous is not None and row.top - previous.bottom > _END_OF_TABLE_GAP * previous.height:
            return items, "gap"
        if _is_running_sum(row):
            # At a page's foot it ends this page's part of the table; at its head the part has not begun.
            if items:
                return items, "page"
            continue
        kind = _row_kind(row, hits[row.number], candidates[row.number])
        if kind == "total":
            return items, "total"
        if kind == "subtotal":
            current = None
        else:
            cells = _cells(row, columns, candidates[row.number])
            if "amount" in cells.numbers or (
                "unit_price" in cells.numbers and not any(c.kind == "amount" for c in columns)
            ):
                current = _new_item(row, cells)
                items.append(current)
            elif current is not None and cells.description and _continues(current, row):
                current.rows.append(row)
                current.description.extend(cells.description)
        previous = row
    return items, "page"


def _is_running_sum(row: Row) -> bool:
    """A carried-forward sum or a page number: neither an item nor a line of the item above it."""
    text = row.text().strip()
    return bool(_CARRIED_RE.match(text) or _PAGE_NUMBER_RE.match(text))


def _row_kind(row: Row, row_hits: list[LabelHit], row_candidates: list[Candidate]) -> str:
    """A totals label with an amount ends the table; one without is a sub-header ("Ohne MwSt.")."""
    if not any(c.kind == "amount" for c in row_candidates):
        return "item"
    for hit in row_hits:
        if any(hit.quality(f) >= 0.8 for f in _TOTAL_FIELDS):
            if compact(row.text(hit.start, hit.end)).startswith(_SUBTOTAL_PREFIXES):
                return "subtotal"
            return "total"
    return "item"


def _continues(item: _Item, row: Row) -> bool:
    last = item.rows[-1]
    return row.top - last.bottom <= _CONTINUATION_GAP * last.height


@dataclass
class _Cells:
    numbers: dict[str, list[Candidate]]
    words: dict[str, list[Token]]
    description: list[str]


def _cells(row: Row, columns: list[Column], row_candidates: list[Candidate]) -> _Cells:
    """Which column each value and word of the row sits in."""
    owner = _token_columns(row, columns)
    cells = _Cells({}, {}, [])
    used: set[int] = set()
    for candidate in row_candidates:
        if candidate.kind not in ("amount", "percent") or any(
            i in used for i in range(candidate.start, candidate.end)
        ):
            continue
        column = owner[candidate.start]
        if column is not None and column.kind in _NUMERIC:
            kind = "tax_rate" if candidate.kind == "percent" else column.kind
            cells.numbers.setdefault(kind, []).append(candidate)
            used.update(range(candidate.start, candidate.end))
    for index, token in enumerate(row.tokens):
        if index in used:
            continue
        kind = owner[index].kind if owner[index] is not None else "description"
        if kind in _NUMERIC and not any(c.isdigit() for c in token.text):
            kind = "unit" if kind == "quantity" else "description"
        cells.words.setdefault(kind, []).append(token)
        if kind == "description":
            cells.description.append(token.text)
    return cells


def _token_columns(row: Row, columns: list[Column]) -> list[Column | None]:
    """A phrase under one header belongs to it whole ("102 km" under "Qty", a long description under
    "Description" even where it starts left of the header); a phrase under several is split word by word."""
    owner: list[Column | None] = [None] * len(row.tokens)
    for start, end in row.segments:
        x0, _, x1, _ = row.box(start, end)
        under = [c for c in columns if min(x1, c.x1) - max(x0, c.x0) > 0]
        if len(under) <= 1:
            column = under[0] if under else _column_at((x0, 0, x1, 0), columns)
            owner[start:end] = [column] * (end - start)
        else:
            owner[start:end] = [_column_at(t.box, columns) for t in row.tokens[start:end]]
    return owner


def _column_at(box, columns: list[Column]) -> Column | None:
    """The column a box lies under: most overlap; the description column reaches to the next header."""
    x0, _, x1, _ = box
    best, best_overlap = None, 0.0
    for index, column in enumerate(columns):
        right = column.x1
        if column.kind == "description" and index + 1 < len(columns):
            right = max(right, columns[index + 1].x0 - 1)
        overlap = min(x1, right + 2) - max(x0, column.x0 - 2)
        if overlap > best_overlap:
            best, best_overlap = column, overlap
    if best is None and columns:
        best = min(columns, key=lambda c: min(abs(x0 - c.x1), abs(x1 - c.x0)))
    return best


def _new_item(row: Row, cells: _Cells) -> _Item:
    values: dict[str, str] = {}
    for kind in ("amount", "unit_price"):
        if kind in cells.numbers:
            values[kind] = cells.numbers[kind][-1].value
    if "tax_rate" in cells.numbers:
        values["tax_rate"] = cells.numbers["tax_rate"][0].value
    quantity, glued_unit = _quantity(cells)
    if quantity is not None:
        values["quantity"] = quantity
    unit_words = [t.text for t in cells.words.get("unit", [])]
    if unit_words or glued_unit:
        values["unit"] = " ".join(unit_words) if unit_words else glued_unit  # "cu m"
    sku_words = [t.text for t in cells.words.get("sku", [])]
    description = list(cells.description)
    if not sku_words and description and re.fullmatch(r"\[[^\]]+\]", description[0]):
        sku_words = [description.pop(0).strip("[]")]  # "[FURN_7777] Office Chair"
    if sku_words:
        values["sku"] = " ".join(sku_words)
    confidence = min(
        c.clean * c.confidence for c in cells.numbers["amount" if "amount" in values else "unit_price"]
    )
    return _Item([row], values, description, 0.8 * confidence)


def _quantity(cells: _Cells) -> tuple[str | None, str | None]:
    """The quantity, and a unit glued to it ("15.00g", "1.00L" as OCR often reads "1.00 L")."""
    texts = [c.value for c in cells.numbers.get("quantity", [])]
    texts += [t.text for t in cells.words.get("quantity", []) if any(ch.isdigit() for ch in t.text)]
    for text in texts:
        glued = re.fullmatch(r"([\d.,]+)\s*([^\W\d_]{1,6})", text)
        number, unit = (glued.group(1), glued.group(2)) if glued else (text, None)
        amount = read_amount(number)
        if amount is not None:
            return canonical_number(amount.value), unit
    return None, None


def _to_line(layout: Layout, item: _Item) -> LineItem:
    values = dict(item.values)
    if item.description:
        values["description"] = " ".join(item.description)
    confidence = item.confidence
    if {"quantity", "unit_price", "amount"} <= values.keys():
        product = Decimal(values["quantity"]) * Decimal(values["unit_price"])
        confidence = 0.95 if abs(product - Decimal(values["amount"])) <= Decimal("0.02") else confidence * 0.9
    first = item.rows[0]
    box = union_box(r.box() for r in item.rows if r.page == first.page)
    unit = layout.frames[first.page].unit
    text = " / ".join(r.text() for r in item.rows)
    return LineItem(
        values=values, confidence=round(confidence, 4), evidence=Evidence(first.page, box, unit, text)
    )
