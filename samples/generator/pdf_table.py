"""The line-item table: columns, wrapped descriptions, rules/zebra/grid styles, page carry-over."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .content import Line
from .pdf_pen import BLACK, GREY, LIGHT, Pen
from .pdf_sheet import Sheet

_WIDTHS = {"pos": 24, "sku": 60, "qty": 44, "unit": 38, "price": 64, "tax": 36, "amount": 72, "po_line": 38}
_NUMERIC = {"pos", "qty", "price", "tax", "amount", "po_line"}
_LABEL_KEYS = {
    k: f"col_{k}" for k in ("pos", "sku", "desc", "qty", "unit", "price", "tax", "amount", "po_line")
}
PAD = 3.5


@dataclass(frozen=True)
class Column:
    key: str
    x: float  # left edge
    width: float

    @property
    def text_x(self) -> float:
        return self.x + self.width - PAD if self.key in _NUMERIC else self.x + PAD

    @property
    def align(self) -> str:
        return "right" if self.key in _NUMERIC else "left"


@dataclass(frozen=True)
class Row:
    line: Line
    position: int
    desc_lines: tuple[str, ...]
    height: float


def columns(pen: Pen, sheet: Sheet) -> list[Column]:
    """The layout's columns, minus those this invoice has nothing to print in, each at least as
    wide as its widest cell so neighbouring cells never touch."""
    inv, keys = sheet.invoice, list(sheet.layout.columns)
    if not any(line.sku for line in inv.lines) and "sku" in keys:
        keys.remove("sku")
    if not inv.purchase_order and "po_line" in keys:
        keys.remove("po_line")
    widths = {k: _content_width(pen, sheet, k, "unit" in keys) for k in keys if k != "desc"}
    widths["desc"] = sheet.right - sheet.left - sum(widths.values())
    result, x = [], sheet.left
    for key in keys:
        result.append(Column(key, x, widths[key]))
        x += widths[key]
    return result


def _content_width(pen: Pen, sheet: Sheet, key: str, has_unit_column: bool) -> float:
    rows = [Row(line, i, (), 0) for i, line in enumerate(sheet.invoice.lines, start=1)]
    widest = max(pen.measure(_cell_text(sheet, row, key, has_unit_column)) for row in rows)
    if key == "amount":  # carried-forward subtotals and totals can be wider than any line
        widest = max(
            widest, pen.measure(sheet.table_money(sum((r.line.amount for r in rows), Decimal(0))), "bold")
        )
    return max(_WIDTHS[key], widest + 2 * PAD + 2)


def printed_line_fields(cols: list[Column]) -> set[str]:
    """Line fields that appear on the page, given the columns (unit may ride in the quantity cell)."""
    names = {"pos": None, "sku": "sku", "desc": "description", "qty": "quantity", "unit": "unit",
             "price": "unit_price", "tax": "tax_rate", "amount": "amount", "po_line": "po_line"}  # fmt: skip
    fields = {names[c.key] for c in cols if names[c.key]}
    return fields | ({"unit"} if "qty" in {c.key for c in cols} else set())


def prepare_rows(pen: Pen, sheet: Sheet, cols: list[Column]) -> list[Row]:
    desc = next(c for c in cols if c.key == "desc")
    size = sheet.layout.base_size
    rows = []
    for i, line in enumerate(sheet.invoice.lines, start=1):
        wrapped = tuple(pen.wrap(line.description, desc.width - 2 * PAD))
        rows.append(Row(line, i, wrapped, len(wrapped) * (size + 2.5) + 2 * PAD + 1))
    return rows


def _cell_text(sheet: Sheet, row: Row, key: str, has_unit_column: bool) -> str:
    line = row.line
    if key == "qty":
        qty = sheet.quantity(line.quantity)
        return qty if has_unit_column or not line.unit else f"{qty} {line.unit}"
    values = {
        "pos": str(row.position),
        "sku": line.sku or "",
        "unit": line.unit,
        "price": sheet.price(line.unit_price),
        "tax": sheet.percent(line.tax_rate),
        "amount": sheet.table_money(line.amount),
        "po_line": line.po_line or "",
    }
    return values[key]


def header_height(sheet: Sheet) -> float:
    return 2 * sheet.layout.base_size + 8


def draw_table_header(pen: Pen, sheet: Sheet, cols: list[Column], y: float) -> float:
    style, size, accent = sheet.layout.table, sheet.layout.base_size, sheet.vendor.accent
    height = header_height(sheet)
    left, right = cols[0].x, cols[-1].x + cols[-1].width
    color = (1.0, 1.0, 1.0) if style == "band" else BLACK
    if style == "band":
        pen.rect(left, y, right - left, height, fill=accent)
    elif style == "grid":
        pen.rect(left, y, right - left, height, fill=LIGHT, stroke=GREY)
    for col in cols:
        label_lines = pen.wrap(sheet.labels[_LABEL_KEYS[col.key]], col.width - 2 * PAD, "bold", size - 0.5)[
            :2
        ]
        base = y + height - PAD - (len(label_lines) - 1) * (size + 1)
        for k, text in enumerate(label_lines):
            pen.text(
                col.text_x,
                base + k * (size + 1) - 1,
                text,
                weight="bold",
                size=size - 0.5,
                align=col.align,
                color=color,
            )
    if style in ("rules", "plain", "zebra"):
        pen.line(left, y + height, right, y + height, width=1.0, color=accent if style == "zebra" else BLACK)
    return y + height


def draw_row(pen: Pen, sheet: Sheet, cols: list[Column], row: Row, y: float) -> float:
    style, size = sheet.layout.table, sheet.layout.base_size
    left, right = cols[0].x, cols[-1].x + cols[-1].width
    if style == "zebra" and row.position % 2 == 0:
        pen.rect(left, y, right - left, row.height, fill=(0.95, 0.95, 0.96))
    baseline = y + PAD + size
    has_unit = any(c.key == "unit" for c in cols)
    for col in cols:
        if col.key == "desc":
            for k, text in enumerate(row.desc_lines):
                pen.text(col.text_x, baseline + k * (size + 2.5), text, size=size)
        else:
            pen.text(
                col.text_x, baseline, _cell_text(sheet, row, col.key, has_unit), size=size, align=col.align
            )
    pen.mark("lines", (left, y, right, y + row.height))
    bottom = y + row.height
    if style == "grid":
        _grid_cell_lines(pen, cols, y, bottom)
    elif style in ("rules", "band"):
        pen.line(left, bottom, right, bottom, width=0.3, color=(0.7, 0.7, 0.7))
    return bottom


def _grid_cell_lines(pen: Pen, cols: list[Column], top: float, bottom: float) -> None:
    left, right = cols[0].x, cols[-1].x + cols[-1].width
    for x in [c.x for c in cols] + [right]:
        pen.line(x, top, x, bottom, width=0.4)
    pen.line(left, bottom, right, bottom, width=0.4)


def carry_height(sheet: Sheet) -> float:
    return sheet.layout.base_size + 2 * PAD + 6


def draw_carry(pen: Pen, sheet: Sheet, cols: list[Column], y: float, running: Decimal, text: str) -> float:
    """'Carried forward' at the foot of a page, 'Brought forward' at the top of the next one."""
    size, left = sheet.layout.base_size, cols[0].x
    right = cols[-1].x + cols[-1].width
    desc = next(c for c in cols if c.key == "desc")
    pen.line(left, y + 1, right, y + 1, width=0.6, color=GREY)
    baseline = y + PAD + size + 2
    pen.text(desc.text_x, baseline, text, weight="italic", size=size)
    pen.text(cols[-1].text_x, baseline, sheet.table_money(running), weight="bold", size=size, align="right")
    pen.line(left, y + carry_height(sheet) - 1, right, y + carry_height(sheet) - 1, width=0.6, color=GREY)
    return y + carry_height(sheet)


def draw_table_end(pen: Pen, cols: list[Column], y: float) -> None:
    pen.line(cols[0].x, y, cols[-1].x + cols[-1].width, y, width=0.8, color=BLACK)
