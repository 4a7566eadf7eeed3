"""The top of the first page: logo, vendor block, document title, buyer and invoice details."""

from __future__ import annotations

import math

from .pdf_pen import GREY, LIGHT, Pen
from .pdf_sheet import Sheet

WHITE = (1.0, 1.0, 1.0)
BAND_HEIGHT = 86.0


def _initials_in(pen, x: float, y: float, size: float, name: str, color) -> None:
    """The company's initials centred in a logo mark of `size` at (x, y)."""
    pen.text(
        x + size / 2,
        y + size * 0.64,
        _initials(name),
        weight="bold",
        size=size * 0.38,
        align="center",
        color=color,
    )


def _initials(name: str) -> str:
    words = [w for w in name.replace("&", " ").split() if w[:1].isalpha() and w[:1].isupper()]
    return "".join(w[0] for w in words[:2]) or name[:1]


def draw_logo(pen: Pen, sheet: Sheet, x: float, y: float, size: float, color=None) -> float:
    """A drawn mark at (x, y) top-left; returns its width. Shapes, not images: cheap and varied."""
    c, kind, accent = pen.canvas, sheet.vendor.logo, color or sheet.vendor.accent
    name, base = sheet.vendor.party.name, pen.height - y - size
    c.setFillColorRGB(*accent)
    c.setStrokeColorRGB(*accent)
    if kind == "wordmark":
        word = name.split()[0]
        return pen.text(x, y + size * 0.75, word.upper(), weight="bold", size=size * 0.6, color=accent)
    if kind == "circle":
        c.circle(x + size / 2, base + size / 2, size / 2, stroke=0, fill=1)
    elif kind == "square":
        c.roundRect(x, base, size, size, size * 0.18, stroke=0, fill=1)
    elif kind == "triangle":
        c.setLineWidth(0)
        for shift in (0.0, size * 0.35):
            path = c.beginPath()
            path.moveTo(x + shift, base)
            path.lineTo(x + shift + size * 0.65, base)
            path.lineTo(x + shift + size * 0.325, base + size)
            path.close()
            c.drawPath(path, stroke=0, fill=1)
    elif kind == "bars":
        for i, h in enumerate((0.55, 1.0, 0.75)):
            c.rect(x + i * size * 0.34, base, size * 0.26, size * h, stroke=0, fill=1)
        return size
    elif kind == "hexagon":
        path = c.beginPath()
        for i in range(7):
            angle = math.pi / 3 * i + math.pi / 6
            px, py = x + size / 2 + size / 2 * math.cos(angle), base + size / 2 + size / 2 * math.sin(angle)
            path.moveTo(px, py) if i == 0 else path.lineTo(px, py)
        c.drawPath(path, stroke=0, fill=1)
    elif kind == "wave":
        c.setLineWidth(size * 0.08)
        for row in range(3):
            path = c.beginPath()
            for step in range(21):
                px = x + size * step / 20
                py = base + size * (0.25 + row * 0.25) + size * 0.08 * math.sin(step / 20 * 2 * math.pi)
                path.moveTo(px, py) if step == 0 else path.lineTo(px, py)
            c.drawPath(path, stroke=1, fill=0)
        return size
    elif kind == "monogram":
        c.setLineWidth(1.6)
        c.circle(x + size / 2, base + size / 2, size / 2 - 1, stroke=1, fill=0)
        _initials_in(pen, x, y, size, name, accent)
        return size
    if kind in ("circle", "square", "hexagon"):
        _initials_in(pen, x, y, size, name, WHITE)
    return size * (1.35 if kind == "triangle" else 1)


def _vendor_lines(sheet: Sheet, with_ids: bool) -> list[tuple[str, str | None]]:
    """The vendor block under the name: address, then contacts, then (some layouts) tax ids."""
    vendor, labels = sheet.vendor, sheet.labels
    if sheet.layout.header == "band":  # the band is shallow: address on one line, contacts on another
        lines = [
            (", ".join(vendor.party.address), "vendor_address"),
            (f"{labels['phone']} {vendor.phone} · {vendor.email}", None),
        ]
    else:
        lines = [(line, "vendor_address") for line in vendor.party.address]
        lines += [(f"{labels['phone']} {vendor.phone}", None), (vendor.email, None), (vendor.website, None)]
    if with_ids and vendor.party.vat_id:
        lines.append((f"{labels['vat_id']} {vendor.party.vat_id}", "vendor_vat_id"))
    if with_ids and vendor.tax_id:
        lines.append((f"{labels['tax_id']} {vendor.tax_id}", "vendor_tax_id"))
    return lines


def _vendor_block(pen: Pen, sheet: Sheet, x: float, y: float, align: str, color=None) -> float:
    size = sheet.layout.base_size
    color = color or (0.1, 0.1, 0.1)
    pen.text(
        x,
        y,
        sheet.vendor.party.name,
        weight="bold",
        size=size + 3,
        align=align,
        color=color,
        field="vendor_name",
    )
    y += size + 5
    for text, field in _vendor_lines(sheet, with_ids=sheet.layout.footer == "bankbox"):
        pen.text(
            x,
            y,
            text,
            size=size - 0.5,
            align=align,
            color=color if color != (0.1, 0.1, 0.1) else GREY,
            field=field,
        )
        y += size + 1.5
    return y


def draw_header(pen: Pen, sheet: Sheet) -> float:
    """Draws logo, vendor block and (unless the layout puts it lower) the title; returns the y below."""
    lay, top = sheet.layout, 40.0
    if lay.header == "band":
        return _band_header(pen, sheet)
    logo_size = 34.0
    if lay.header == "left":
        width = draw_logo(pen, sheet, sheet.left, top, logo_size)
        bottom = _vendor_block(pen, sheet, sheet.left + width + 10, top + 12, "left")
    elif lay.header == "right":
        draw_logo(pen, sheet, sheet.right - logo_size, top, logo_size)
        bottom = _vendor_block(pen, sheet, sheet.right, top + logo_size + 14, "right")
    else:
        draw_logo(pen, sheet, sheet.width / 2 - logo_size / 2, top, logo_size)
        bottom = _vendor_block(pen, sheet, sheet.width / 2, top + logo_size + 14, "center")
    return max(bottom, _title_at_top(pen, sheet, top))


def _title_at_top(pen: Pen, sheet: Sheet, top: float) -> float:
    """Title in the free top corner opposite the vendor block; otherwise it waits for draw_title."""
    lay = sheet.layout
    if (lay.header, lay.title_align) not in (("left", "right"), ("right", "left")) or lay.sender_line:
        return top
    x = sheet.right if lay.title_align == "right" else sheet.left
    pen.text(
        x,
        top + lay.title_size,
        sheet.title,
        weight="bold",
        size=lay.title_size,
        align=lay.title_align,
        color=sheet.vendor.accent,
        field="document_type",
    )
    return top + lay.title_size + 8


def _band_header(pen: Pen, sheet: Sheet) -> float:
    lay = sheet.layout
    pen.rect(0, 0, sheet.width, BAND_HEIGHT, fill=sheet.vendor.accent)
    name_side = "right" if lay.title_align == "left" else "left"
    x_name = sheet.right if name_side == "right" else sheet.left
    _vendor_block(pen, sheet, x_name, 30, name_side, color=WHITE)
    x_title = {"left": sheet.left, "right": sheet.right, "center": sheet.width / 2}[lay.title_align]
    pen.text(
        x_title,
        34 + lay.title_size * 0.4,
        sheet.title,
        weight="bold",
        size=lay.title_size,
        align=lay.title_align,
        color=WHITE,
        field="document_type",
    )
    return BAND_HEIGHT + 6


def draw_title(pen: Pen, sheet: Sheet, y: float) -> float:
    """The title for layouts that print it as a subject line above the table."""
    if "document_type" in pen.printed:
        return y
    lay = sheet.layout
    x = {"left": sheet.left, "right": sheet.right, "center": sheet.width / 2}[lay.title_align]
    pen.text(
        x,
        y + lay.title_size,
        sheet.title,
        weight="bold",
        size=lay.title_size,
        align=lay.title_align,
        color=sheet.vendor.accent if lay.font != "courier" else (0, 0, 0),
        field="document_type",
    )
    return y + lay.title_size + 12


def draw_sender_line(pen: Pen, sheet: Sheet, x: float, y: float) -> float:
    """DIN 5008 return address above the window, small and underlined."""
    text = " · ".join((sheet.vendor.party.name, *sheet.vendor.party.address))
    width = pen.text(x, y, text, size=6.5, color=GREY)
    pen.line(x, y + 2, x + width, y + 2, width=0.3)
    return y + 16


def draw_buyer(pen: Pen, sheet: Sheet, x: float, y: float, label_key: str = "bill_to") -> float:
    inv, size = sheet.invoice, sheet.layout.base_size
    if not sheet.layout.sender_line:
        pen.text(x, y, sheet.labels[label_key], weight="bold", size=size - 1, color=GREY)
        y += size + 4
    field = "buyer_name" if label_key == "bill_to" else None
    pen.text(x, y, inv.buyer.name, weight="bold", size=size + 0.5, field=field)
    y += size + 3
    for line in ((inv.buyer.attention,) if inv.buyer.attention else ()) + inv.buyer.address:
        pen.text(x, y, line, size=size)
        y += size + 3
    if label_key == "bill_to" and inv.show_buyer_vat and inv.buyer.vat_id:
        pen.text(
            x, y + 2, f"{sheet.labels['buyer_vat']}: {inv.buyer.vat_id}", size=size - 1, field="buyer_vat_id"
        )
        y += size + 5
    return y


def meta_entries(sheet: Sheet) -> list[tuple[str, str, str | None]]:
    """(label, value, truth field) for the invoice details block, in the order vendors print them."""
    inv, labels = sheet.invoice, sheet.labels
    entries: list[tuple[str, str, str | None]] = [
        (sheet.number_label, inv.number, "invoice_number"),
        (labels["issue_date"], sheet.date(inv.issue_date), "issue_date"),
    ]
    if inv.delivery_date:
        entries.append((labels["delivery_date"], sheet.date(inv.delivery_date), None))
    if inv.customer_no:
        entries.append((labels["customer_no"], inv.customer_no, None))
    if inv.purchase_order:
        entries.append((labels["po"], inv.purchase_order, "purchase_order"))
    if inv.due_date:
        entries.append((labels["due_date"], sheet.date(inv.due_date), "due_date"))
    return entries


def draw_meta(pen: Pen, sheet: Sheet, x: float, y: float, width: float) -> float:
    style, entries = sheet.layout.meta, meta_entries(sheet)
    if style == "boxrow":
        return _meta_boxrow(pen, sheet, entries, x, y, width)
    if style == "stacked":
        return _meta_stacked(pen, sheet, entries, x, y, width)
    return _meta_kv(pen, sheet, entries, x, y, width)


def _meta_kv(pen: Pen, sheet: Sheet, entries, x: float, y: float, width: float) -> float:
    size = sheet.layout.base_size
    label_width = max(pen.measure(label, "bold") for label, _, _ in entries) + 12
    for label, value, field in entries:
        pen.text(x, y, label if label.endswith(":") else label + ":", weight="bold", size=size)
        pen.text(x + label_width, y, value, size=size, field=field)
        y += size + 4.5
    return y


def _meta_stacked(pen: Pen, sheet: Sheet, entries, x: float, y: float, width: float) -> float:
    size, column = sheet.layout.base_size, width / 2
    for i, (label, value, field) in enumerate(entries):
        cx, cy = x + (i % 2) * column, y + (i // 2) * (2 * size + 10)
        pen.text(cx, cy, label.rstrip(":").upper(), size=size - 2, color=GREY)
        pen.text(cx, cy + size + 2, value, weight="bold", size=size, field=field)
    return y + ((len(entries) + 1) // 2) * (2 * size + 10)


def _meta_boxrow(pen: Pen, sheet: Sheet, entries, x: float, y: float, width: float) -> float:
    size, cell = sheet.layout.base_size, width / len(entries)
    pen.rect(x, y, width, size + 7, fill=LIGHT)
    pen.rect(x, y, width, 2 * size + 16, stroke=GREY)
    for i, (label, value, field) in enumerate(entries):
        cx = x + i * cell
        if i:
            pen.line(cx, y, cx, y + 2 * size + 16)
        pen.text(
            cx + 4,
            y + size + 2,
            pen.wrap(label.rstrip(":"), cell - 6, size=size - 1.5)[0],
            size=size - 1.5,
            weight="bold",
        )
        pen.text(cx + 4, y + 2 * size + 11, value, size=size, field=field)
    return y + 2 * size + 16
