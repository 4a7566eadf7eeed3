"""What vendors sell: items per trade with prices, units and descriptions in four languages.

The word lists live in catalog.tsv and units.tsv beside this module, so they can be edited
as tables; this module only reads them and draws quantities and prices.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent
TRADES = ("it", "office", "construction", "consulting", "freight", "facility")


@dataclass(frozen=True)
class Item:
    trade: str
    unit: str  # unit code, printed through unit_labels()
    low: float  # unit price range in EUR; other currencies scale it
    high: float
    reduced: bool  # sold at a reduced VAT rate (food, books)
    text: dict[str, str]  # description per language


def _rows(name: str) -> list[dict[str, str]]:
    with (_HERE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def catalog() -> tuple[Item, ...]:
    return tuple(
        Item(row["trade"], row["unit"], float(row["low"]), float(row["high"]), row["reduced"] == "1",
             {lang: row[lang] for lang in ("en", "de", "fr", "nl")})
        for row in _rows("catalog.tsv")
    )  # fmt: skip


@cache
def unit_labels() -> dict[str, dict[str, tuple[str, ...]]]:
    """unit code -> language -> printed variants ('pcs', 'Stk.', 'pce', 'st' ...)."""
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for row in _rows("units.tsv"):
        table.setdefault(row["unit"], {})[row["language"]] = tuple(row["labels"].split("|"))
    return table


def items_for(trade: str) -> list[Item]:
    return [item for item in catalog() if item.trade == trade]


# How much of a unit one invoice line usually covers: (low, high, step).
_QUANTITY = {
    "pcs": (1, 120, 1), "h": (0.5, 60, 0.25), "kg": (1, 250, 0.5), "t": (0.5, 24, 0.25), "m": (2, 240, 0.5),
    "m2": (4, 380, 0.25), "m3": (1, 18, 0.5), "l": (5, 120, 1), "km": (20, 860, 1), "pack": (1, 60, 1),
    "bag": (5, 80, 1), "pallet": (1, 24, 1), "month": (1, 12, 1), "day": (0.5, 15, 0.5), "user": (1, 250, 1),
    "flat": (1, 1, 1),
}  # fmt: skip

_DETAILS = {
    "en": ("as per quotation {q}", "for project {p}", "period {month} {year}", "delivery note {d}",
           "site: {site}"),
    "de": ("gemäß Angebot {q}", "Projekt {p}", "Leistungszeitraum {month} {year}", "Lieferschein {d}",
           "Baustelle {site}"),
    "fr": ("selon devis {q}", "projet {p}", "période {month} {year}", "bon de livraison {d}",
           "chantier {site}"),
    "nl": ("volgens offerte {q}", "project {p}", "periode {month} {year}", "pakbon {d}",
           "bouwplaats {site}"),
}  # fmt: skip


_GOODS = {"pcs", "user", "pack", "pallet", "bag"}


def quantity(item: Item, rng: random.Random) -> Decimal:
    low, high, step = _QUANTITY[item.unit]
    if item.unit in _GOODS:  # nobody orders 80 laptops from a small supplier: dear goods come in few
        high = min(high, max(low + 3 * step, 3000 / item.high))
    steps = int((high - low) / step)
    # Small quantities are far more common than large ones, so skew towards the low end.
    chosen = int(steps * rng.random() ** 2.2)
    return (Decimal(str(low)) + Decimal(str(step)) * chosen).normalize()


def unit_price(item: Item, rng: random.Random, scale: Decimal) -> Decimal:
    raw = Decimal(str(round(rng.uniform(item.low, item.high), 2))) * scale
    if raw < 1 and rng.random() < 0.5:
        return raw.quantize(Decimal("0.001"))  # per-piece prices below one unit often carry a third decimal
    return raw.quantize(Decimal("0.01"))


# Reference clauses that suit a trade, as indexes into _DETAILS:
# quotation, project, period, delivery note, site.
_TRADE_DETAILS = {"it": (0, 1, 2), "office": (0, 3), "construction": (0, 1, 3, 4), "consulting": (0, 1, 2),
                  "freight": (0, 3), "facility": (0, 2)}  # fmt: skip


def detail(language: str, trade: str, rng: random.Random, fields: dict[str, str]) -> str:
    return _DETAILS[language][rng.choice(_TRADE_DETAILS[trade])].format(**fields)
