"""Line items from word geometry: a header row names the columns, amounts in the amount column make rows.

Columns take their x-range from the header words; a row with an amount in the amount column is an item,
rows under it with text only in the description column continue its description, a subtotal row is
skipped and a totals row (or a wide gap, or the end of the page) ends the table. A header repeated on a
later page starts the next part of the same table.

On OCR pages the numbers of a line are settled by quantity × unit price ≈ amount (line_numbers), and a
page whose header could not be read has its table found from how its amounts line up (line_alignment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extraction.candidates import Candidate
from extraction.labels import LabelHit, compact
from extraction.layout import Layout, Row, Token, union_box
from extraction.line_alignment import find_unheaded_tables
from extraction.line_columns import Column, find_headers, is_header
from extraction.line_numbers import (
    LineNumbers,
    Reading,
    cell_readings,
    multiplies_out_plainly,
    prints_cents,
    quantity_and_unit,
    repaired_value,
    settle,
)
from extraction.parse_amounts import canonical_amount, canonical_number, read_amount
from models.extraction import Evidence, LineItem

_NUMERIC = frozenset({"amount", "unit_price", "quantity", "tax_rate", "discount", "position"})
_TOTAL_FIELDS = ("total", "total_tax", "amount_due", "total_net")
_SUBTOTAL_PREFIXES = ("sub", "zwischen", "sous")
# Rows between pages that repeat a running sum ("Carried forward", "Übertrag", "Report page précédente"):
# they hold an amount but are no items. Matched at the row's start so "management report" stays an item.
_CARRIED_RE = re.compile(
    r"^(?:balance\s+)?(?:(?:carried|brought)\s+forward|forward\b|übertrag|uebertrag|report[ée]?\b|à\s+reporter"
    r"|a\s+reporter|overdracht|over\s+te\s+brengen|transport\b|saldo\s+van)",
    re.IGNORECASE,
)
# A page number ("Page 1 of 2", "Seite 2 von 3", "Blatt 1/2") is read as a number under the amount column.
_PAGE_NUMBER_RE = re.compile(
    r"^(?:page|seite|blatt|pagina|pag\.)\s*\d*\s*(?:of|von|sur|de|van|/)\s*\d+\b", re.IGNORECASE
)
# Letters OCR reads for a lone "1" in a quantity cell.
_ONE_LOOKALIKES = frozenset({"l", "I", "|", "ı", "!", "i", "]"})
# Share of a table's lines that must multiply out by themselves to trust OCR repairs: a gross-amount table
# has none; a noisy scan may have few.
_CONSISTENT_SHARE = 0.3
_PAGE_WORD_RE = re.compile(r"\b(?:page|seite|blatt|blad|pagina)\b", re.IGNORECASE)
_PLAIN_NUMBER_RE = re.compile(r"\d+(?:[.,]\d{1,3})?")
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
    # quantity × unit price ≈ amount (or no price to check), at most a small repair
    multiplies_out: bool = False
    repaired: bool = False  # some number was read other than printed


def read_line_items(
    layout: Layout, hits: dict[int, list[LabelHit]], candidates: dict[int, list[Candidate]]
) -> LineItems:
    items: list[_Item] = []
    # A row that prints money is a totals row whose labels read like column names, not a header.
    headers = [
        (row, columns) for row, columns in find_headers(layout, hits) if not _prints_money(row, candidates)
    ]
    header_pages = {row.page for row, _ in headers}
    read_pages: set[int] = set()
    for header, columns in headers:
        found, ended = _read_table(
            layout.rows[header.number + 1 :], _is_ocr(layout, header.page), columns, hits, candidates
        )
        items.extend(found)
        if found:
            read_pages.add(header.page)
        page = header.page + 1
        # A table whose page has no totals goes on at the top of the next one, with or without its header.
        while _goes_on(layout, ended, page - 1, hits, candidates) and page in layout.frames:
            if page in header_pages:
                break
            found, ended = _read_table(
                layout.page_rows(page), _is_ocr(layout, page), columns, hits, candidates
            )
            # A scanned page lies a little shifted: its own alignment may read it better than the header's.
            aligned = _unheaded_items(layout, hits, candidates, {page})
            if _checked(aligned) > _checked(found):
                found = aligned
            items.extend(found)
            if found:  # else the page's own alignment may still show the table, shifted by the scan
                read_pages.add(page)
            page += 1
    items += _unheaded_items(layout, hits, candidates, set(layout.frames) - read_pages)
    items.sort(key=lambda item: item.rows[0].number)
    lines = tuple(_to_line(layout, item) for item in items)
    rows = frozenset(row.number for item in items for row in item.rows)
    return LineItems(lines, rows)


def _checked(items: list[_Item]) -> int:
    """How many items print quantity, price and amount that multiply out: how well a table was read."""
    full = ("quantity", "unit_price", "amount")
    return sum(item.multiplies_out and all(k in item.values for k in full) for item in items)


def _prints_money(row: Row, candidates: dict[int, list[Candidate]]) -> bool:
    return any(c.kind == "amount" and prints_cents(row.text(c.start, c.end)) for c in candidates[row.number])


def _unheaded_items(layout: Layout, hits, candidates, pages: set[int]) -> list[_Item]:
    """Items of tables whose header OCR could not read (or whose header words we do not know), on pages
    no header covers."""
    items: list[_Item] = []

    def is_item_row(row: Row) -> bool:
        return _row_kind(row, hits[row.number], candidates[row.number]) == "item"

    read: set[int] = set()
    for table in find_unheaded_tables(layout, candidates, pages, is_item_row):
        if table.first.number in read:
            continue  # a run the table above already read on
        ocr = _is_ocr(layout, table.first.page)
        found, _ = _read_table(layout.rows[table.first.number :], ocr, table.columns, hits, candidates)
        items.extend(found)
        read.update(row.number for item in found for row in item.rows)
    return items


def _goes_on(layout: Layout, ended: str, page: int, hits, candidates) -> bool:
    if ended not in ("page", "gap"):
        return False
    rows = layout.page_rows(page)
    return not any(_row_kind(r, hits[r.number], candidates[r.number]) == "total" for r in rows)


def _is_ocr(layout: Layout, page: int) -> bool:
    """A page read by OCR (in pixels), whose numbers may need repair; a text layer prints them right."""
    return layout.frames[page].unit == "px"


def _read_table(rows, ocr: bool, columns, hits, candidates) -> tuple[list[_Item], str]:
    """Items from the rows under a header, and what ended the table: total, gap, header or page.

    OCR repairs are trusted only in a table whose lines mostly multiply out by themselves: where they do not
    (a discount or gross column), quantity × price is no check and the printed numbers stay."""
    items, ended = _read_rows(rows, ocr, columns, hits, candidates)
    if (
        ocr
        and len(items) >= 2
        and sum(item.multiplies_out for item in items) < _CONSISTENT_SHARE * len(items)
    ):
        items, ended = _read_rows(rows, False, columns, hits, candidates)
    return items, ended


def _read_rows(rows, ocr: bool, columns, hits, candidates) -> tuple[list[_Item], str]:
    page = rows[0].page if rows else 0
    cents = ocr and _column_prints_cents([r for r in rows if r.page == page], columns, candidates)
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
        cells = _cells(row, columns, candidates[row.number])
        if _is_running_sum(row, cells):
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
            if (
                "amount" in cells.numbers
                or ("unit_price" in cells.numbers and not any(c.kind == "amount" for c in columns))
                or (ocr and "unit_price" in cells.numbers and _misread_amount(cells))
            ):
                current = _new_item(row, cells, ocr=ocr, cents=cents)
                if current is None:
                    continue
                items.append(current)
            elif current is not None and cells.description and _continues(current, row):
                current.rows.append(row)
                current.description.extend(cells.description)
        previous = row
    return items, "page"


def _column_prints_cents(rows: list[Row], columns: list[Column], candidates) -> bool:
    """Whether the amounts under the amount column mostly print cents ("1.234,50", not "1234")."""
    texts = []
    for row in rows:
        cells = _cells(row, columns, candidates[row.number])
        texts += [row.text(c.start, c.end) for c in cells.numbers.get("amount", [])]
    return len(texts) >= 2 and sum(map(prints_cents, texts)) >= 0.75 * len(texts)


def _misread_amount(cells: _Cells) -> bool:
    """One word under the amount header that OCR garbled into no number ("13:57"), but repairs into one."""
    words = cells.words.get("amount", [])
    return len(words) == 1 and repaired_value(words[0].text) is not None


def _is_running_sum(row: Row, cells: _Cells) -> bool:
    """A carried-forward sum or a page number: neither an item nor a line of the item above it.

    A carried sum prints one amount and no quantity or price: "Transport complet camion 343 km 2,59 888,37"
    is an item and "report, for project P-10680" the second line of one."""
    text = row.text().strip()
    if _PAGE_NUMBER_RE.match(text):
        return True
    carried = _CARRIED_RE.match(text) is not None
    page_number = "quantity" not in cells.numbers or _PAGE_WORD_RE.search(text) is not None  # "von Seite 2"
    return carried and "amount" in cells.numbers and "unit_price" not in cells.numbers and page_number


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
    row: Row
    numbers: dict[str, list[Candidate]]
    words: dict[str, list[Token]]
    description: list[str]


def _cells(row: Row, columns: list[Column], row_candidates: list[Candidate]) -> _Cells:
    """Which column each value and word of the row sits in."""
    owner = _token_columns(row, columns)
    cells = _Cells(row, {}, {}, [])
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


def _new_item(row: Row, cells: _Cells, *, ocr: bool, cents: bool) -> _Item | None:
    """The item a row with an amount starts; None for a lone amount (a totals row whose label OCR lost)."""
    if not cells.description and not ({"quantity", "unit_price"} & cells.numbers.keys()):
        return None
    values: dict[str, str] = {}
    numbers = _settled_numbers(cells, ocr=ocr, cents=cents)
    if numbers.quantity is not None:
        values["quantity"] = canonical_number(numbers.quantity)
    for kind, value in (("unit_price", numbers.unit_price), ("amount", numbers.amount)):
        if value is not None:
            values[kind] = canonical_amount(value)
    if "tax_rate" in cells.numbers:
        values["tax_rate"] = cells.numbers["tax_rate"][0].value
    unit_words = [t.text for t in cells.words.get("unit", [])]
    glued_unit = _glued_unit(cells)
    if numbers.repaired and len(unit_words) > 1 and unit_words[0] in _ONE_LOOKALIKES:
        unit_words = unit_words[1:]  # "l mo": the "l" was the quantity 1
    if unit_words or glued_unit:
        values["unit"] = " ".join(unit_words) if unit_words else glued_unit  # "cu m"
    sku_words = [t.text for t in cells.words.get("sku", [])]
    description = list(cells.description)
    if (
        _quantity(cells)[0] is None
        and numbers.quantity is not None
        and numbers.quantity == _loose_quantity(cells)
    ):
        # The quantity was printed at the end of the description, maybe before its unit.
        description.pop(max(i for i, text in enumerate(description) if _PLAIN_NUMBER_RE.fullmatch(text)))
    if not sku_words and description and re.fullmatch(r"\[[^\]]+\]", description[0]):
        sku_words = [description.pop(0).strip("[]")]  # "[FURN_7777] Office Chair"
    if sku_words:
        values["sku"] = " ".join(sku_words)
    money = cells.numbers.get("amount") or cells.numbers.get("unit_price") or []
    confidence = min((c.clean * c.confidence for c in money), default=0.5)
    if numbers.repaired:
        confidence *= 0.8
    plain = multiplies_out_plainly(numbers) or numbers.unit_price is None
    return _Item([row], values, description, 0.8 * confidence, plain, numbers.repaired)


def _settled_numbers(cells: _Cells, *, ocr: bool, cents: bool) -> LineNumbers:
    """Quantity, unit price and amount as printed, or as OCR repairs that multiply out."""
    amounts = list(cells.numbers.get("amount", []))
    prices = list(cells.numbers.get("unit_price", []))
    if not amounts and len(prices) >= 2:
        amounts = [prices.pop()]  # no amount column named: the rightmost price-column number is the amount
    quantity, _ = _quantity(cells)
    loose = _loose_quantity(cells) if quantity is None else None
    if not ocr:
        if loose is not None and prices and amounts:
            # No quantity column: the number closing the description is the quantity if it multiplies out.
            found = settle(
                [Reading(loose, 1)],
                cell_readings([], _value(prices)),
                cell_readings([], _value(amounts)),
                may_compute=False,
            )
            if found.consistent:
                return found
        return LineNumbers(quantity, _value(prices), _value(amounts), consistent=False)
    price_readings = cell_readings(_money_texts(cells, "unit_price", prices), _value(prices), cents=cents)
    unit_words = cells.words.get("unit", [])
    if not price_readings:
        # No price read: a number with cents right of the unit is the price of a header OCR garbled.
        priced = [read_amount(t.text.strip("|[]")) for t in unit_words if prints_cents(t.text)]
        price_readings = [Reading(a.value, 1) for a in priced[-1:] if a is not None]
    if not price_readings and quantity is not None and any(t.text in _ONE_LOOKALIKES for t in unit_words):
        # ... or the number under the quantity header, its quantity a "l" beside it ("l psch 99,37").
        price_readings = [Reading(quantity, 1)]
    quantity_readings = cell_readings(_quantity_texts(cells), quantity)
    if loose is not None:
        quantity_readings.append(Reading(loose, 1))
    return settle(
        quantity_readings,
        price_readings,
        cell_readings(_money_texts(cells, "amount", amounts), _value(amounts), cents=cents),
        may_compute="discount" not in cells.numbers,  # a discount column breaks quantity × price
    )


def _loose_quantity(cells: _Cells) -> Decimal | None:
    """The number that closes a description when no quantity column was found ("Consulting hours 24",
    "Fuel surcharge 1 lump" where "sum" stood under the unit header)."""
    words = cells.words.get("description", [])
    if len(words) >= 3 and words[-1].text.isalpha() and len(words[-1].text) <= 10:
        words = words[:-1]  # a unit word after the quantity
    if len(words) < 2 or not _PLAIN_NUMBER_RE.fullmatch(words[-1].text):
        return None
    amount = read_amount(words[-1].text)
    return amount.value if amount is not None else None


def _text(cells: _Cells, candidate: Candidate) -> str:
    return cells.row.text(candidate.start, candidate.end)


def _value(candidates: list[Candidate]) -> Decimal | None:
    return Decimal(candidates[-1].value) if candidates else None


def _quantity_texts(cells: _Cells) -> list[str]:
    texts = [_text(cells, c) for c in cells.numbers.get("quantity", [])]
    texts += [t.text for t in cells.words.get("quantity", [])]
    unit = cells.words.get("unit", [])
    if unit and unit[0].text[:1] in _ONE_LOOKALIKES | set("0123456789"):
        texts.append(unit[0].text)  # "1S" for "1 LS", "lea" for "1 ea"
    # "[| 2mo"; a number with cents there is a price whose header OCR lost.
    texts += [t.text for t in unit[1:] if any(ch.isdigit() for ch in t.text) and not prints_cents(t.text)]
    return texts


def _money_texts(cells: _Cells, kind: str, candidates: list[Candidate]) -> list[str]:
    """The printed text of a price or amount cell: its number, or its words with digits that did not
    read as a number ("4217|")."""
    if candidates:
        return [_text(cells, candidates[-1])]
    words = cells.words.get(kind, [])
    return [words[0].text] if len(words) == 1 else []


def _quantity(cells: _Cells) -> tuple[Decimal | None, str | None]:
    """The quantity, and a unit glued to it ("15.00g", "1.00L" as OCR often reads "1.00 L")."""
    texts = [c.value for c in cells.numbers.get("quantity", [])]
    texts += [t.text for t in cells.words.get("quantity", []) if any(ch.isdigit() for ch in t.text)]
    for text in texts:
        quantity, unit = quantity_and_unit(text)
        if quantity is not None:
            return quantity, unit
    return None, None


def _glued_unit(cells: _Cells) -> str | None:
    return _quantity(cells)[1]


def _to_line(layout: Layout, item: _Item) -> LineItem:
    values = dict(item.values)
    if item.description:
        values["description"] = " ".join(item.description)
    confidence = item.confidence
    if {"quantity", "unit_price", "amount"} <= values.keys():
        product = Decimal(values["quantity"]) * Decimal(values["unit_price"])
        multiplies = abs(product - Decimal(values["amount"])) <= Decimal("0.02")
        # A line that multiplies out only after OCR repairs is likely right, but less sure than as printed.
        confidence = (0.85 if item.repaired else 0.95) if multiplies else confidence * 0.9
    first = item.rows[0]
    box = union_box(r.box() for r in item.rows if r.page == first.page)
    unit = layout.frames[first.page].unit
    text = " / ".join(r.text() for r in item.rows)
    return LineItem(
        values=values, confidence=round(confidence, 4), evidence=Evidence(first.page, box, unit, text)
    )
