"""Page layouts: where each block sits and how it is drawn, in the ways real vendors differ.

A layout is data; pdf_*.py modules draw it. Layouts 0-11 belong to the train split, 12-17 to
heldout, so a model tuned on train has never seen a heldout page design.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    layout_id: int
    name: str
    font: str  # helvetica | times | courier | vera
    header: str  # vendor block: left | right | centered | band (coloured top band)
    title_align: str  # left | right | center
    title_size: float
    meta: (
        str  # invoice number/dates: kv (label left of value) | boxrow (boxed labels, values below) | stacked
    )
    meta_side: str  # right (beside the buyer) | left (under the buyer) | full (a row across the page)
    buyer_side: str  # left | right
    table: str  # grid | rules | zebra | plain | band (filled header row)
    columns: tuple[str, ...]  # pos sku desc qty unit price tax amount po_line
    totals: str  # right | full | boxed | breakdown (tax table beside the totals)
    footer: str  # columns | line | bankbox (bank details in the body, a thin footer)
    sender_line: bool = False  # DIN 5008 return-address line above the buyer window
    ship_to: bool = False
    qty_decimals: int | None = None  # German ERPs print 2,00 for whole quantities
    base_size: float = 9.0
    margin: float = 50.0
    split: str = "train"


_COLS_BASIC = ("pos", "desc", "qty", "unit", "price", "amount")
LAYOUTS: tuple[Layout, ...] = (
    Layout(0, "classic", "helvetica", "left", "right", 22, "kv", "right", "left", "rules", _COLS_BASIC,
           "right", "columns"),
    Layout(1, "din5008", "helvetica", "right", "left", 15, "kv", "right", "left", "plain",
           ("pos", "sku", "desc", "qty", "unit", "price", "amount"), "right", "columns", sender_line=True,
           qty_decimals=2, margin=56),
    Layout(2, "band", "vera", "band", "right", 20, "boxrow", "full", "left", "zebra",
           ("sku", "desc", "qty", "price", "tax", "amount"), "boxed", "line", base_size=8.5),
    Layout(3, "serif-centered", "times", "centered", "center", 20, "stacked", "right", "left", "grid",
           ("desc", "qty", "unit", "price", "amount"), "full", "line", base_size=10),
    Layout(4, "typewriter", "courier", "left", "left", 14, "kv", "left", "left", "plain",
           ("pos", "desc", "qty", "price", "amount"), "right", "bankbox", base_size=8.5, margin=45),
    Layout(5, "modern-right", "helvetica", "right", "left", 28, "kv", "left", "right", "band",
           ("desc", "qty", "unit", "price", "amount"), "breakdown", "columns"),
    Layout(6, "boxrow-grid", "vera", "left", "right", 18, "boxrow", "full", "left", "grid",
           ("pos", "sku", "desc", "qty", "unit", "price", "tax", "amount"), "boxed", "columns", base_size=8),
    Layout(7, "us-simple", "helvetica", "left", "right", 24, "kv", "right", "left", "band",
           ("sku", "desc", "qty", "price", "amount"), "right", "line", ship_to=True),
    Layout(8, "zebra-centered", "helvetica", "centered", "left", 16, "stacked", "right", "left", "zebra",
           ("desc", "qty", "unit", "price", "tax", "amount"), "right", "columns"),
    Layout(9, "times-din", "times", "right", "left", 16, "kv", "right", "left", "rules",
           ("pos", "desc", "qty", "unit", "price", "tax", "amount"), "breakdown", "columns", sender_line=True,
           base_size=9.5, margin=60),
    Layout(10, "po-lines", "helvetica", "left", "left", 18, "boxrow", "full", "right", "rules",
           ("pos", "po_line", "sku", "desc", "qty", "unit", "price", "amount"), "right", "bankbox",
           base_size=8),
    Layout(11, "band-left", "vera", "band", "left", 18, "kv", "right", "left", "plain", _COLS_BASIC, "full",
           "columns", base_size=8.5),
    Layout(12, "serif-boxes", "times", "left", "right", 22, "boxrow", "full", "left", "zebra",
           ("sku", "desc", "qty", "unit", "price", "amount"), "boxed", "columns", base_size=10,
           split="heldout"),
    Layout(13, "courier-grid", "courier", "centered", "center", 16, "kv", "right", "left", "grid",
           ("pos", "desc", "qty", "unit", "price", "tax", "amount"), "right", "line", base_size=8,
           split="heldout"),
    Layout(14, "right-stacked", "vera", "right", "right", 20, "stacked", "left", "left", "band",
           ("desc", "sku", "qty", "price", "amount"), "breakdown", "columns", base_size=8.5, split="heldout"),
    Layout(15, "band-grid", "helvetica", "band", "center", 20, "boxrow", "full", "right", "grid", _COLS_BASIC,
           "full", "bankbox", split="heldout"),
    Layout(16, "minimal", "helvetica", "left", "left", 30, "kv", "left", "left", "plain",
           ("desc", "qty", "price", "amount"), "right", "line", base_size=9.5, margin=64, split="heldout"),
    Layout(17, "din-zebra", "vera", "right", "left", 15, "kv", "right", "left", "zebra",
           ("pos", "sku", "desc", "qty", "unit", "price", "tax", "amount"), "boxed", "columns",
           sender_line=True, qty_decimals=2, base_size=8, split="heldout"),
)  # fmt: skip


def layout(layout_id: int) -> Layout:
    return LAYOUTS[layout_id]


def layout_ids(split: str) -> tuple[int, ...]:
    return tuple(lay.layout_id for lay in LAYOUTS if lay.split == split)
