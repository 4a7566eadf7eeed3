"""Totals block, payment instructions and the footer with bank and tax details."""

from __future__ import annotations

from .pdf_pen import BLACK, GREY, LIGHT, Pen
from .pdf_sheet import DIRECTOR_LABEL, FOOTER_HEIGHT, Sheet

TotalRow = tuple[str, str, str | None, bool]  # label, value, truth field, emphasised


def total_rows(sheet: Sheet, with_tax_rows: bool = True) -> list[TotalRow]:
    inv, labels = sheet.invoice, sheet.labels
    rows: list[TotalRow] = [(labels["subtotal"], sheet.money(inv.total_net), "total_net", False)]
    single = len(inv.taxes) == 1
    if with_tax_rows:
        for tax in inv.taxes:
            rows.append(
                (sheet.tax_label(tax.rate), sheet.money(tax.tax), "total_tax" if single else None, False)
            )
    if (inv.show_total_tax and len(inv.taxes) > 1) or (not with_tax_rows and inv.taxes):
        rows.append((labels["total_tax"], sheet.money(inv.total_tax), "total_tax", False))
    rows.append((labels["total"], sheet.money(inv.total), "total", True))
    if inv.prepaid is not None:
        rows.append((labels["prepaid"], sheet.money(-inv.prepaid), None, False))
    if inv.show_amount_due:
        rows.append((labels["amount_due"], sheet.money(inv.amount_due), "amount_due", True))
    return rows


def totals_height(sheet: Sheet) -> float:
    size = sheet.layout.base_size
    rows = len(total_rows(sheet)) + (2 if sheet.layout.totals == "breakdown" else 0)
    return rows * (size + 7) + 30 + payment_height(sheet)


def draw_totals(pen: Pen, sheet: Sheet, y: float) -> float:
    style = sheet.layout.totals
    if style == "breakdown":
        return _breakdown(pen, sheet, y + 10)
    rows = total_rows(sheet)
    if style == "full":
        return _rows_full(pen, sheet, rows, y + 10)
    return _rows_right(pen, sheet, rows, y + 12, boxed=style == "boxed")


def _row(pen: Pen, sheet: Sheet, row: TotalRow, x_label: float, x_value: float, y: float, align: str) -> None:
    label, value, field, strong = row
    size = sheet.layout.base_size + (1 if strong else 0)
    weight = "bold" if strong else "regular"
    pen.text(x_label, y, label, weight=weight, size=size, align=align)
    pen.text(x_value, y, value, weight=weight, size=size, align="right", field=field)
    if field == "total":
        pen.mark("currency", (x_value - pen.measure(value, weight, size), y - size, x_value, y + 2))


def _rows_right(pen: Pen, sheet: Sheet, rows: list[TotalRow], y: float, boxed: bool) -> float:
    size, right = sheet.layout.base_size, sheet.right
    width = max(210.0, max(pen.measure(r[0], "bold") + pen.measure(r[1], "bold") for r in rows) + 40)
    left = right - width
    step = size + 7
    if boxed:
        pen.rect(left, y - 4, width, step * len(rows) + 8, stroke=GREY, width=0.8)
    for i, row in enumerate(rows):
        base = y + (i + 1) * step - 4
        if row[3]:
            pen.rect(left + 1, base - size - 3, width - 2, step - 1, fill=LIGHT)
            if not boxed:
                pen.line(left, base - size - 4, right, base - size - 4, width=0.8, color=BLACK)
        _row(pen, sheet, row, left + 6, right - 6, base, "left")
    return y + step * len(rows) + 10


def _rows_full(pen: Pen, sheet: Sheet, rows: list[TotalRow], y: float) -> float:
    size, step = sheet.layout.base_size, sheet.layout.base_size + 7
    for i, row in enumerate(rows):
        base = y + (i + 1) * step - 3
        pen.line(sheet.left, base + 4, sheet.right, base + 4, width=0.3 if not row[3] else 1.0)
        _row(pen, sheet, row, sheet.width / 2, sheet.right - 4, base, "left")
    return y + step * len(rows) + 10 + size


def _breakdown(pen: Pen, sheet: Sheet, y: float) -> float:
    """A per-rate tax table on the left (rate, base, tax) and the totals on the right."""
    size, inv, labels = sheet.layout.base_size, sheet.invoice, sheet.labels
    x0, step = sheet.left, size + 6
    heads = (labels["col_tax"], labels["subtotal"], labels["total_tax"])
    xs = (x0, x0 + 150, x0 + 230)
    for head, x, align in zip(heads, xs, ("left", "right", "right"), strict=True):
        pen.text(x, y + size, head, weight="bold", size=size - 1, align=align, color=GREY)
    pen.line(x0, y + size + 3, x0 + 235, y + size + 3, width=0.5)
    for i, tax in enumerate(inv.taxes, start=1):
        base = y + size + i * step + 2
        pen.text(xs[0], base, sheet.percent(tax.rate), size=size)
        pen.text(xs[1], base, sheet.table_money(tax.base), size=size, align="right")
        pen.text(xs[2], base, sheet.table_money(tax.tax), size=size, align="right")
    left_bottom = y + size + (len(inv.taxes) + 1) * step
    right_bottom = _rows_right(pen, sheet, total_rows(sheet, with_tax_rows=False), y, boxed=False)
    return max(left_bottom, right_bottom)


def payment_height(sheet: Sheet) -> float:
    lines = 3 + (4 if sheet.layout.footer == "bankbox" else 0)
    return lines * (sheet.layout.base_size + 4) + 10


def draw_payment(pen: Pen, sheet: Sheet, y: float) -> float:
    """Payment terms and a closing note; bank details here when the footer has no room for them."""
    inv, labels, size = sheet.invoice, sheet.labels, sheet.layout.base_size
    y += 6
    if inv.payment_terms:
        y += size + 4
        label = labels["payment_terms"]
        pen.text(sheet.left, y, f"{label}{'' if label.endswith(':') else ':'} ", weight="bold", size=size)
        offset = pen.measure(f"{label}: ", "bold", size)
        pen.text(sheet.left + offset, y, inv.payment_terms, size=size, field="payment_terms")
    if not sheet.credit:  # a credit note says what it is for above the table already
        y += size + 4
        pen.text(sheet.left, y, labels["pay_note"], size=size, color=GREY)
    if sheet.layout.footer == "bankbox":
        y = _bank_box(pen, sheet, y + 10)
    return y + 6


def _bank_lines(sheet: Sheet) -> list[tuple[str, str | None]]:
    bank, labels = sheet.vendor.bank, sheet.labels
    if bank.iban is None:  # US vendors: domestic wire details, which have no truth field
        return [
            (f"{labels['bank']}: {bank.bank_name}", None),
            (f"ABA/Routing: {bank.routing}", None),
            (f"Account: {bank.account}", None),
        ]
    return [
        (f"{labels['bank']}: {bank.bank_name}", None),
        (f"{labels['iban']}: {bank.iban_printed}", "vendor_iban"),
        (f"{labels['bic']}: {bank.bic}", "vendor_bic"),
    ]


def _bank_box(pen: Pen, sheet: Sheet, y: float) -> float:
    size = sheet.layout.base_size
    lines = _bank_lines(sheet)
    pen.rect(sheet.left, y, 260, len(lines) * (size + 4) + 10, stroke=GREY)
    for i, (text, field) in enumerate(lines):
        pen.text(sheet.left + 8, y + 6 + (i + 1) * (size + 4) - 2, text, size=size, field=field)
    return y + len(lines) * (size + 4) + 10


def _id_lines(sheet: Sheet) -> list[tuple[str, str | None]]:
    vendor, labels = sheet.vendor, sheet.labels
    lines: list[tuple[str, str | None]] = []
    if vendor.party.vat_id:
        lines.append((f"{labels['vat_id']}: {vendor.party.vat_id}", "vendor_vat_id"))
    if vendor.tax_id:
        lines.append((f"{labels['tax_id']}: {vendor.tax_id}", "vendor_tax_id"))
    if vendor.register:
        lines.append((vendor.register, None))
    if vendor.director and vendor.party.country != "US":
        lines.append((f"{DIRECTOR_LABEL[vendor.locale.language]}: {vendor.director}", None))
    return lines


def draw_footer(pen: Pen, sheet: Sheet, page: int, pages: int) -> None:
    style, size = sheet.layout.footer, sheet.layout.base_size - 2.5
    top = sheet.height - 36 - FOOTER_HEIGHT[style]
    page_text = sheet.labels["page"].format(page=page, pages=pages)
    pen.text(sheet.right, top - 6, page_text, size=size + 0.5, align="right", color=GREY)
    pen.line(sheet.left, top, sheet.right, top, width=0.5)
    vendor, labels = sheet.vendor, sheet.labels
    contact = [(f"{labels['phone']} {vendor.phone}", None), (vendor.email, None), (vendor.website, None)]
    if style == "columns":
        address = [(vendor.party.name, None), *[(a, None) for a in vendor.party.address]]
        blocks = [address, contact, _bank_lines(sheet), _id_lines(sheet)]
        shares = (0.22, 0.22, 0.3, 0.26)  # bank details need the widest column
        x = sheet.left
        for block, share in zip(blocks, shares, strict=True):
            width = (sheet.right - sheet.left) * share
            _footer_column(pen, block, x, top + 10, width - 6, size)
            x += width
    elif style == "line":
        first = [
            (text, None) for text in (vendor.party.name, *vendor.party.address, vendor.phone, vendor.email)
        ]
        second = _bank_lines(sheet) + _id_lines(sheet)[:3]
        y = top + 11
        for parts in _pack(pen, first, sheet.right - sheet.left, size) + _pack(
            pen, second, sheet.right - sheet.left, size
        ):
            _line_with_fields(pen, sheet, y, parts, size)
            y += size + 2
    else:
        register = [t for t, f in _id_lines(sheet) if f is None]
        pen.text(sheet.left, top + 10, " · ".join(register) or vendor.party.name, size=size, color=GREY)


def _pack(pen: Pen, parts: list[tuple[str, str | None]], width: float, size: float) -> list[list]:
    """Greedy fill of footer parts into centred lines no wider than the page body."""
    lines: list[list] = [[]]
    for part in parts:
        candidate = " · ".join(t for t, _ in [*lines[-1], part])
        if lines[-1] and pen.measure(candidate, size=size) > width:
            lines.append([])
        lines[-1].append(part)
    return lines


def _footer_column(pen: Pen, block, x: float, y: float, width: float, size: float) -> None:
    """Plain lines wrap; a line holding a key value shrinks to fit instead, so an IBAN never breaks."""
    rows: list[tuple[str, str | None, float]] = []
    for text, field in block:
        if field:
            rows.append((text, field, min(size, size * width / max(pen.measure(text, size=size), 1))))
        else:
            rows += [(part, None, size) for part in pen.wrap(text, width, size=size)]
    for i, (text, field, text_size) in enumerate(rows[:5]):
        pen.text(x, y + i * (size + 2), text, size=text_size, color=GREY, field=field)


def _line_with_fields(pen: Pen, sheet: Sheet, y: float, parts, size: float) -> None:
    """One centred footer line made of several parts, each part recorded under its own field."""
    joined = " · ".join(text for text, _ in parts)
    x = sheet.width / 2 - pen.measure(joined, size=size) / 2
    for i, (text, field) in enumerate(parts):
        sep = " · " if i < len(parts) - 1 else ""
        x += pen.text(x, y, text + sep, size=size, color=GREY, field=field)


def draw_continuation_header(pen: Pen, sheet: Sheet, page: int) -> float:
    """Pages after the first repeat who sent it and which invoice it is, as ERP printouts do."""
    size = sheet.layout.base_size
    pen.text(sheet.left, 48, sheet.vendor.party.name, weight="bold", size=size + 2)
    pen.text(sheet.right, 48, f"{sheet.number_label} {sheet.invoice.number}", size=size, align="right")
    pen.text(
        sheet.right, 48 + size + 4, sheet.date(sheet.invoice.issue_date), size=size, align="right", color=GREY
    )
    pen.line(sheet.left, 60 + size, sheet.right, 60 + size, width=0.5)
    return 76 + size
