"""Line items from word geometry: a header row names the columns, amounts in the amount column make rows.

Columns take their x-range from the header words; a row with an amount in the amount column is an item,
rows under it with text only in the description column continue its description, a subtotal row is
skipped and a totals row (or a wide gap, or the end of the page) ends the table. A header repeated on a
later page starts the next part of the same table.

On OCR pages the numbers of a line are settled by quantity × unit price ≈ amount (line_numbers), and a
page whose header could not be read has its table found from how its amounts line up (line_alignment).
"""

from __future__ import annotations

import itertools
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
    r"^(?:page|seite|blatt|blad|pagina|pag\.)\s*\d*\s*(?:of|von|sur|de|van|/)\s*\d+\b"
    r"|^\d{1,3}\s*(?:of|von|sur|de|van)\s*\d{1,3}$",  # "1 of 2" alone in a corner
    re.IGNORECASE,
)
# Letters OCR reads for a lone "1" in a quantity cell.
_ONE_LOOKALIKES = frozenset({"l", "I", "|", "ı", "!", "i", "]"})
# Share of a table's lines that must multiply out by themselves to trust OCR repairs: a gross-amount table
# has none; a noisy scan may have few.
_CONSISTENT_SHARE = 0.3
_PAGE_WORD_RE = re.compile(r"\b(?:page|seite|blatt|blad|pagina)\b", re.IGNORECASE)
_PLAIN_NUMBER_RE = re.compile(r"\d+(?:[.,]\d{1,3})?")
_QUANTITY_TEXT_RE = re.compile(r"[-−]?\d{1,3}(?:[.,' ]?\d{3})*(?:[.,]\d{1,3})?")
# An item number: one word with a digit ("KP-71462", "A27572-W", "0029632"), or a prefix and a number
# ("MAT 0029632").
_ITEM_CODE_RE = re.compile(r"(?:[A-Z]{1,4}\s)?(?=\S*\d)[\w./-]+")
_Spare = tuple[int, Decimal]  # a number no column claimed: its token index and value
_CENT_TOLERANCE = Decimal("0.006")  # a line amount is quantity × price rounded to cents
_CENTS_SEPARATOR_RE = re.compile(r"\d([.,])\d{2}(?!\d)")
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
    _swap_codes_read_as_text(items)
    return items, ended


def _swap_codes_read_as_text(items: list[_Item]) -> None:
    """Two columns whose headers both may name the description ("Artikel", "Item") were told apart by
    taking the left one for item numbers; where the left one holds prose and the right one codes
    ("KP-71462"), the guess was wrong for the whole table."""
    both = [item for item in items if "sku" in item.values and item.description]
    swapped = [
        item
        for item in both
        if _ITEM_CODE_RE.fullmatch(" ".join(item.description))
        and not _ITEM_CODE_RE.fullmatch(item.values["sku"])
    ]
    if not both or len(swapped) < 0.8 * len(both):
        return
    for item in both:
        text = item.values["sku"]
        item.values["sku"] = " ".join(item.description)
        item.description = text.split()


def _read_rows(rows, ocr: bool, columns, hits, candidates) -> tuple[list[_Item], str]:
    page = rows[0].page if rows else 0
    page_rows = [r for r in rows if r.page == page]
    cents = ocr and _column_prints_cents(page_rows, columns, candidates)
    decimal = _table_decimal_separator(page_rows, columns, candidates)
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
        cells = _cells(row, columns, candidates[row.number], decimal)
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


def _table_decimal_separator(rows: list[Row], columns: list[Column], candidates) -> str | None:
    """The decimal separator the table's amounts print before their cents ("1.234,50": ","), so that a
    quantity "7,000" or "3.250" in the same table reads as 7 or 3.25, not as thousands."""
    amount = next((c for c in columns if c.kind == "amount"), None)
    if amount is None:
        return None
    found: dict[str, int] = {}
    for row in rows:
        for candidate in candidates[row.number]:
            x0, _, x1, _ = row.box(candidate.start, candidate.end)
            if candidate.kind != "amount" or min(x1, amount.x1) - max(x0, amount.x0) <= 0:
                continue
            match = _CENTS_SEPARATOR_RE.search(row.text(candidate.start, candidate.end))
            if match:
                found[match.group(1)] = found.get(match.group(1), 0) + 1
    if not found:
        return None
    separator, count = max(found.items(), key=lambda kv: kv[1])
    return separator if count >= 0.75 * sum(found.values()) else None


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
    decimal: str | None = None  # the table's decimal separator, where its amounts show it


def _cells(
    row: Row, columns: list[Column], row_candidates: list[Candidate], decimal: str | None = None
) -> _Cells:
    """Which column each value and word of the row sits in."""
    owner = _token_columns(row, columns)
    cells = _Cells(row, {}, {}, [], decimal)
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
            owner[start:end] = [_word_column(row, i, columns) for i in range(start, end)]
    return owner


def _word_column(row: Row, index: int, columns: list[Column]) -> Column | None:
    """The column of one word of a phrase that runs under several headers.

    Numbers in a numeric column are right-aligned, so a number ending where a numeric header ends is that
    column's ("-175.000" that runs left into the description's reach). A number under no header, followed
    by a word under the quantity header, is that quantity ("1,000 forfait" in a "Qty" column)."""
    token = row.tokens[index]
    x0, _, x1, _ = token.box
    if _QUANTITY_TEXT_RE.fullmatch(token.text.lstrip("€$£")):
        tolerance = max(1.5, 0.3 * (token.box[3] - token.box[1]))
        for column in columns:
            if column.kind in _NUMERIC and abs(x1 - column.x1) <= tolerance:
                return column
        under_none = not any(min(x1, c.x1) - max(x0, c.x0) > 0 for c in columns)
        if under_none and index + 1 < len(row.tokens):
            following = row.tokens[index + 1]
            column = _column_at(following.box, columns)
            unit_word = any(ch.isalpha() for ch in following.text) and not any(
                ch.isdigit() for ch in following.text
            )
            if column is not None and column.kind == "quantity" and unit_word:
                return column
    return _column_at(token.box, columns)


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
    if not ocr:
        _claim_spare_numbers(cells)
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
    po_words = [t.text for t in cells.words.get("po_line", [])]
    if po_words:
        values["po_line"] = " ".join(po_words)
    money = cells.numbers.get("amount") or cells.numbers.get("unit_price") or []
    confidence = min((c.clean * c.confidence for c in money), default=0.5)
    if numbers.repaired:
        confidence *= 0.8
    plain = multiplies_out_plainly(numbers) or numbers.unit_price is None
    return _Item([row], values, description, 0.8 * confidence, plain, numbers.repaired)


def _claim_spare_numbers(cells: _Cells) -> None:
    """Numbers the header did not place, read by quantity × price = amount.

    A header whose words run together ("itemTaxableQuantity") or name a column in words we do not know
    leaves that column's numbers under a neighbouring column. A number outside the amount and description
    cells that makes the row multiply out is the quantity (given a price), or two such numbers are the
    quantity and the price (given none), whatever column they stood under."""
    amount = _value(cells, cells.numbers.get("amount", []))
    if amount is None:
        return
    # Two numbers under the price header: one of them is a quantity whose own header we could not read.
    crowded = len(cells.numbers.get("unit_price", [])) >= 2
    price = None if crowded else _value(cells, cells.numbers.get("unit_price", []))
    quantity = _quantity(cells)[0]
    if price is not None and quantity is not None and _multiplies(quantity, price, amount):
        return
    if crowded and quantity is not None:
        return
    spare = _spare_numbers(cells, with_prices=crowded)
    if price is None and quantity is not None:
        # The quantity column was read: the price is the spare number that multiplies out with it.
        prices = {value: index for index, value in reversed(spare) if _multiplies(quantity, value, amount)}
        if len(prices) == 1:
            value, index = next(iter(prices.items()))
            _move_to_price(cells, index, value)
        return
    if price is not None:
        found: dict[Decimal, int] = {}
        for index, value in spare:
            if _multiplies(value, price, amount):
                found[value] = index  # of equal numbers, the rightmost: a leading one is a position
        if len(found) == 1:  # two numbers that both multiply out: no way to tell
            _move_to_quantity(cells, next(iter(found.values())))
        return
    pairs = {  # by value: the same numbers twice ("1" as position and as quantity) are one reading
        frozenset((a[1], b[1])): (a, b)
        for a, b in itertools.combinations(spare, 2)
        if a[1] != b[1] and _multiplies(a[1], b[1], amount)
    }
    if len(pairs) != 1:
        return
    ordered = _quantity_then_price(cells, *next(iter(pairs.values())))
    if ordered is None:
        return
    (quantity_index, _), (price_index, price_value) = ordered
    _move_to_price(cells, price_index, price_value)
    _move_to_quantity(cells, quantity_index)


def _spare_numbers(cells: _Cells, *, with_prices: bool = False) -> list[_Spare]:
    """(token index, value) of the plain numbers outside the price (unless `with_prices`) and amount that
    were read and outside the description's text: a number standing apart in the description's reach may
    be a column's value."""
    kinds = ("amount",) if with_prices else ("unit_price", "amount")
    money = {i for kind in kinds for c in cells.numbers.get(kind, [])[-1:] for i in range(c.start, c.end)}
    text_words = {id(t) for t in cells.words.get("description", [])}
    spare = []
    for index, token in enumerate(cells.row.tokens):
        if index in money or not _QUANTITY_TEXT_RE.fullmatch(token.text):
            continue
        if id(token) in text_words and cells.row.segment_of(index) != (index, index + 1):
            continue
        read = read_amount(token.text, cells.decimal)
        if read is not None and read.value != 0:
            spare.append((index, read.value))
    return spare


def _quantity_then_price(cells: _Cells, first: _Spare, second: _Spare) -> tuple[_Spare, _Spare] | None:
    """Of two numbers whose product is the amount, the quantity is the whole number ("5" and "877,78"), or
    the one without cents ("2,750" and "246,86"), or the one with fewer decimals; None where nothing tells
    them apart."""

    def decimals(number: _Spare) -> int:
        match = re.search(r"[.,](\d{1,3})$", cells.row.tokens[number[0]].text)
        return len(match.group(1)) if match else 0

    def whole(number: _Spare) -> bool:
        return number[1] == number[1].to_integral_value()

    if whole(first) != whole(second):
        return (first, second) if whole(first) else (second, first)
    if (decimals(first) == 2) != (decimals(second) == 2):  # a price prints cents
        return (second, first) if decimals(first) == 2 else (first, second)
    if decimals(first) != decimals(second):
        return (first, second) if decimals(first) < decimals(second) else (second, first)
    return None


def _release(cells: _Cells, index: int) -> None:
    """Takes the word at `index` out of whatever cell it was read into."""
    token = cells.row.tokens[index]
    for kind in list(cells.numbers):
        cells.numbers[kind] = [c for c in cells.numbers[kind] if not c.start <= index < c.end]
        if not cells.numbers[kind]:
            del cells.numbers[kind]
    for kind in list(cells.words):
        cells.words[kind] = [t for t in cells.words[kind] if t is not token]
    cells.description[:] = [t.text for t in cells.words.get("description", [])]


def _move_to_price(cells: _Cells, index: int, value: Decimal) -> None:
    token = cells.row.tokens[index]
    _release(cells, index)
    row = cells.row.number
    cells.numbers["unit_price"] = [
        Candidate("amount", str(value), row, index, index + 1, 1.0, token.confidence)
    ]


def _move_to_quantity(cells: _Cells, index: int) -> None:
    _release(cells, index)
    cells.numbers.pop("quantity", None)
    cells.words["quantity"] = [cells.row.tokens[index]]


def _multiplies(quantity: Decimal, price: Decimal, amount: Decimal) -> bool:
    return quantity != 0 and abs(quantity * price - amount) <= _CENT_TOLERANCE


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
                cell_readings([], _value(cells, prices)),
                cell_readings([], _value(cells, amounts)),
                may_compute=False,
            )
            if found.consistent:
                return found
        return LineNumbers(quantity, _value(cells, prices), _value(cells, amounts), consistent=False)
    price_readings = cell_readings(
        _money_texts(cells, "unit_price", prices), _value(cells, prices), cents=cents
    )
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
        cell_readings(_money_texts(cells, "amount", amounts), _value(cells, amounts), cents=cents),
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
    amount = read_amount(words[-1].text, cells.decimal)
    return amount.value if amount is not None else None


def _text(cells: _Cells, candidate: Candidate) -> str:
    return cells.row.text(candidate.start, candidate.end)


def _value(cells: _Cells, candidates: list[Candidate]) -> Decimal | None:
    if not candidates:
        return None
    hinted = _hinted(cells, candidates[-1])
    return hinted if hinted is not None else Decimal(candidates[-1].value)


def _hinted(cells: _Cells, candidate: Candidate) -> Decimal | None:
    """The number read with the table's decimal separator: "0,310" is 0.31 where amounts print "1,50"."""
    if cells.decimal is None:
        return None
    text = _text(cells, candidate)
    hinted, unhinted = read_amount(text, cells.decimal), read_amount(text)
    if hinted is None or unhinted is None or hinted.value == unhinted.value:
        return None  # not ambiguous: the candidate's own reading stands
    return hinted.value


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
    candidates = cells.numbers.get("quantity", [])
    hinted = [value for value in (_hinted(cells, c) for c in candidates) if value is not None]
    if hinted:
        return hinted[0], None
    texts = [c.value for c in candidates]
    texts += [t.text for t in cells.words.get("quantity", []) if any(ch.isdigit() for ch in t.text)]
    for text in texts:
        quantity, unit = quantity_and_unit(text, cells.decimal)
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
