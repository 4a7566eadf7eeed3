"""Item tables whose header OCR lost: columns found from how the numbers of consecutive rows line up.

A photo or a faint scan may print the header in white on a dark band that OCR cannot read. The items still
show as a run of rows that each end in an amount, right-aligned one under the other; the numbers left of
the amounts line up into unit-price and quantity columns, and the text at the left is the description.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from extraction.candidates import Candidate
from extraction.layout import Layout, Row
from extraction.line_columns import Column
from extraction.line_numbers import prints_cents

_ALIGNED = 0.015  # share of the page width two right edges of one column may differ by
_MIN_ROWS = 3  # rows ending in aligned amounts that make a table
_MIN_SHARE = 0.5  # share of a table's rows a column must hold a number in
_MAX_BETWEEN = 2
_CENT_TOLERANCE = Decimal("0.006")
_ID_LIKE_RE = re.compile(r"0\d+|\d{5,}")  # rows (wrapped descriptions) between two items of one table


@dataclass(frozen=True)
class UnheadedTable:
    first: Row  # the first item row
    columns: list[Column]


@dataclass(frozen=True)
class _Number:
    row: int
    x0: float
    x1: float
    percent: bool
    cents: bool  # printed with two decimals
    value: Decimal


def find_unheaded_tables(
    layout: Layout,
    candidates: dict[int, list[Candidate]],
    pages: set[int],
    is_item_row: Callable[[Row], bool],
) -> list[UnheadedTable]:
    """Tables on `pages` (pages without a header) from runs of rows ending in right-aligned amounts;
    `is_item_row` leaves out rows that cannot be items (totals)."""
    tables = []
    for page in sorted(pages):
        rows = layout.page_rows(page)
        width = layout.frames[page].width
        for run in _aligned_runs(rows, candidates, width, is_item_row):
            columns = _columns(run, candidates, width)
            if columns is not None:
                tables.append(UnheadedTable(run[0], columns))
    return tables


def _aligned_runs(
    rows: list[Row], candidates: dict[int, list[Candidate]], width: float, is_item_row: Callable[[Row], bool]
) -> list[list[Row]]:
    """Runs of item-like rows ending in right-aligned amounts: long enough, or closed by a totals row whose
    amount stands in the same column (a table of one or two items)."""
    runs: list[list[Row]] = []
    run: list[Row] = []
    skipped = 0
    for row in rows:
        edge = _last_amount_edge(row, candidates[row.number])
        fits = edge is not None and is_item_row(row) and _describes(row)
        aligned = (
            run
            and edge is not None
            and abs(edge - statistics.median(_edges(run, candidates))) <= (_ALIGNED * width)
        )
        if fits and aligned:
            run.append(row)
            skipped = 0
            continue
        closed_by_totals = aligned and not is_item_row(row) and all(_priced(r, candidates) for r in run)
        if run and (len(run) >= _MIN_ROWS or closed_by_totals):
            runs.append(run)
            run, skipped = [], 0
        if not fits and run and skipped < _MAX_BETWEEN:
            skipped += 1
            continue
        run, skipped = ([row] if fits else []), 0
    if len(run) >= _MIN_ROWS:
        runs.append(run)
    return runs


def _priced(row: Row, candidates: dict[int, list[Candidate]]) -> bool:
    """A row with a number besides its amount (a quantity or price): an item, not "Deposit received"."""
    return len(_numbers(row, candidates[row.number])) >= 2


def _edges(run: list[Row], candidates: dict[int, list[Candidate]]) -> list[float]:
    return [e for r in run if (e := _last_amount_edge(r, candidates[r.number])) is not None]


def _last_amount_edge(row: Row, row_candidates: list[Candidate]) -> float | None:
    """The right edge of the row's last word when it is an amount."""
    last = len(row.tokens)
    amounts = [c for c in row_candidates if c.kind == "amount" and c.end == last]
    return row.tokens[last - 1].box[2] if amounts else None


def _describes(row: Row) -> bool:
    """An item row starts with words: two letters in a row before its first number."""
    return any(sum(ch.isalpha() for ch in token.text) >= 2 for token in row.tokens[:4])


def _columns(run: list[Row], candidates: dict[int, list[Candidate]], width: float) -> list[Column] | None:
    numbers = [n for row in run for n in _numbers(row, candidates[row.number])]
    rows = len(run)
    kept = [c for c in _clusters(numbers, width, right=True) if len({n.row for n in c}) >= _MIN_SHARE * rows]
    # Quantities are often set flush left ("1 Pauschale", "12.5 h"): what did not line up right may left.
    rest = [n for n in numbers if not any(n in c for c in kept)]
    kept += [c for c in _clusters(rest, width, right=False) if len({n.row for n in c}) >= _MIN_SHARE * rows]
    if not kept:
        return None
    kept.sort(key=lambda c: statistics.median(n.x1 for n in c))
    amount = kept.pop()
    columns = [_column("amount", amount)]
    numeric = [c for c in kept if sum(n.percent for n in c) <= len(c) / 2]
    columns += [_column("tax_rate", c) for c in kept if c not in numeric]
    chosen = _price_and_quantity(numeric, amount)
    if chosen is not None:
        price, quantity = chosen
        columns.append(_column("unit_price", price))
        columns += [_column("quantity", quantity)] if quantity is not None else []
        # A column that is neither (a tax rate printed without "%", an item number) holds no item number.
        columns += [
            _column("other", c)
            for c in numeric
            if c is not price and c is not quantity and c[0].x0 > price[0].x0
        ]
    else:
        # Prices print cents; a lone column without them holds quantities ("5 bag", "0.5 days").
        lone_quantity = len(numeric) == 1 and sum(n.cents for n in numeric[0]) < len(numeric[0]) / 2
        kinds = iter(("quantity",) if lone_quantity else ("unit_price", "quantity"))
        for cluster in reversed(numeric):
            kind = next(kinds, None)
            if kind is None:
                break
            columns.append(_column(kind, cluster))
    left = min(r.tokens[0].box[0] for r in run)
    first_number = min(c.x0 for c in columns)
    columns.append(Column("description", left, first_number - 1))
    return sorted(columns, key=lambda c: c.x0)


def _price_and_quantity(
    numeric: list[list[_Number]], amount: list[_Number]
) -> tuple[list[_Number], list[_Number] | None] | None:
    """The price column and the quantity column left of it for which most rows multiply out to their amount;
    None when no choice makes any row multiply out."""
    amounts = {n.row: n.value for n in amount}
    best: tuple[int, int, int] | None = None
    choice = None
    for p_index, price in enumerate(numeric):
        prices = {n.row: n.value for n in price}
        for q_index in range(p_index):
            quantities = {n.row: n.value for n in numeric[q_index]}
            agree = sum(
                1
                for row, value in amounts.items()
                if row in prices
                and row in quantities
                and abs(prices[row] * quantities[row] - value) <= _CENT_TOLERANCE
            )
            key = (
                agree,
                p_index,
                q_index,
            )  # ties: the price nearest the amount, the quantity nearest the price
            if agree and (best is None or key > best):
                best, choice = key, (price, numeric[q_index])
    return choice


def _numbers(row: Row, row_candidates: list[Candidate]) -> list[_Number]:
    """The row's numbers right of its first words: the description's own numbers ("31,5 kg") stay out
    by lying left of the first number that other rows line up with."""
    found = []
    for candidate in row_candidates:
        if candidate.kind in ("amount", "percent") and candidate.start > 0:
            x0, _, x1, _ = row.box(candidate.start, candidate.end)
            text = row.text(candidate.start, candidate.end)
            if not _ID_LIKE_RE.fullmatch(text):  # an article number ("018128", "11446149") is no quantity
                percent = candidate.kind == "percent"
                found.append(_Number(row.number, x0, x1, percent, prints_cents(text), candidate.decimal))
    return found


def _clusters(numbers: list[_Number], width: float, *, right: bool) -> list[list[_Number]]:
    """Numbers whose right (or left) edges lie together."""

    def edge(number: _Number) -> float:
        return number.x1 if right else number.x0

    clusters: list[list[_Number]] = []
    for number in sorted(numbers, key=edge):
        if clusters and edge(number) - edge(clusters[-1][-1]) <= _ALIGNED * width:
            clusters[-1].append(number)
        else:
            clusters.append([number])
    return clusters


def _column(kind: str, cluster: list[_Number]) -> Column:
    return Column(kind, min(n.x0 for n in cluster), max(n.x1 for n in cluster))
