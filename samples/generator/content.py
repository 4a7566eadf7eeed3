"""What one invoice says: parties, numbers, dates and line items, with exact Decimal totals.

Shipping is a line item (quantity 1, priced like any line). A discount is a negative line item
(quantity 1, negative unit price) taxed at the rate of the goods it reduces. Both are ground
truth lines. Carried-forward subtotals between pages are not lines.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from decimal import Decimal

from . import catalog
from .labels import IMMEDIATE_TERMS
from .locales import MONTH_NAMES
from .money import line_amount, round_cents, tax_on
from .vendors import Party, Vendor, buyer

_PRICE_SCALE = {"EUR": Decimal("1"), "USD": Decimal("1.1"), "GBP": Decimal("0.85"), "CHF": Decimal("0.95")}
_LINE_COUNTS = ((1, 4), (5, 12), (13, 25), (26, 60))  # ranges, drawn with _LINE_WEIGHTS
_LINE_WEIGHTS = (45, 30, 15, 10)
_PO_PATTERNS = ("4500{n6}", "PO-{n5}", "PO{year}-{n4}", "BE-{year}-{n3}", "{n8}", "P{n6}")


@dataclass(frozen=True)
class Line:
    description: str  # full text; the renderer may wrap it, truth joins the wrapped lines with a space
    sku: str | None
    quantity: Decimal
    unit: str  # as printed
    unit_price: Decimal
    tax_rate: Decimal
    amount: Decimal
    po_line: str | None = None
    kind: str = "item"  # item | shipping | discount


@dataclass(frozen=True)
class TaxRow:
    rate: Decimal
    base: Decimal
    tax: Decimal


@dataclass(frozen=True)
class Invoice:
    vendor: Vendor
    buyer: Party
    document_type: str  # invoice | credit_note
    number: str
    issue_date: dt.date
    due_date: dt.date | None  # None: not printed
    delivery_date: dt.date | None
    currency: str
    purchase_order: str | None
    payment_terms: str | None
    customer_no: str | None
    lines: tuple[Line, ...]
    taxes: tuple[TaxRow, ...]
    total_net: Decimal
    total_tax: Decimal
    total: Decimal
    prepaid: Decimal | None
    prepaid_share: Decimal | None  # the deposit as a share of the total, kept when lines are dropped
    amount_due: Decimal
    show_buyer_vat: bool
    show_total_tax: bool  # a 'Total VAT' row when there are several rates
    show_amount_due: bool


def _digits(rng: random.Random, count: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(count))


def _number(vendor: Vendor, issue: dt.date, rng: random.Random, credit: bool) -> str:
    number = vendor.number_pattern.format(
        year=issue.year, yy=f"{issue.year % 100:02d}", mm=f"{issue.month:02d}", n=rng.randint(17, 9999)
    )
    prefix = {"en": "CN-", "de": "GS-", "fr": "AV-", "nl": "CR-"}[vendor.locale.language]
    return prefix + number if credit else number


def _po(rng: random.Random, issue: dt.date) -> str:
    fields = {f"n{k}": _digits(rng, k) for k in (3, 4, 5, 6, 8)}
    return rng.choice(_PO_PATTERNS).format(year=issue.year, **fields)


def _rate_for(vendor: Vendor, item: catalog.Item, rng: random.Random) -> Decimal:
    if vendor.sales_tax_rate is not None:  # US: goods taxable, services (time, fees) exempt
        return Decimal(0) if item.unit in ("h", "day", "month", "flat", "user") else vendor.sales_tax_rate
    rates = vendor.locale.vat_rates
    if item.reduced and len(rates) > 1:
        return rng.choice(rates[1:])
    return rates[0]


def _sku(vendor: Vendor, item: catalog.Item) -> str | None:
    if vendor.sku_pattern is None:
        return None
    rng = random.Random(f"sku/{vendor.vendor_id}/{item.text['en']}")  # one code per item per vendor
    letters = "ABCDEFGHKLMNPRSTWX"
    return vendor.sku_pattern.format(n=rng.randint(100, 99999), a=rng.choice(letters), b=rng.choice(letters))


def _city(party: Party) -> str:
    """The city of an address, whichever line and postcode style the country uses."""
    if party.country == "US":
        return party.address[-1].split(",")[0]
    if party.country == "GB":
        return party.address[-2]
    words = party.address[-1].split()
    return " ".join(words[2:] if party.country == "NL" else words[1:])


def _description(vendor: Vendor, item: catalog.Item, issue: dt.date, rng: random.Random) -> str:
    text = item.text[vendor.locale.language]
    if rng.random() < 0.3:  # a reference clause makes the line long enough to wrap in narrow columns
        month = MONTH_NAMES[vendor.locale.language][issue.month - 1]
        fields = {
            "q": f"Q-{issue.year}-{_digits(rng, 4)}",
            "p": f"P-{_digits(rng, 5)}",
            "month": month,
            "year": str(issue.year),
            "d": _digits(rng, 7),
            "site": vendor.party.address[-1].split()[-1],
        }
        text = f"{text}, {catalog.detail(vendor.locale.language, vendor.trade, rng, fields)}"  # fmt: skip
    return text


def _pick_items(vendor: Vendor, count: int, rng: random.Random) -> list[catalog.Item]:
    """Distinct items while the trade has enough of them; repeats only on long invoices."""
    own = catalog.items_for(vendor.trade)
    picks = rng.sample(own, min(count, len(own))) + [rng.choice(own) for _ in range(count - len(own))]
    if vendor.trade != "freight" and count > 2 and rng.random() < 0.2:
        picks[-1] = rng.choice(catalog.items_for("freight")[-2:])  # parcel shipping or a fuel surcharge
    return picks


def _price(vendor: Vendor, item: catalog.Item, currency: str) -> Decimal:
    """Vendors work from price lists: one item costs the same on all of a vendor's invoices."""
    rng = random.Random(f"price/{vendor.vendor_id}/{item.text['en']}/{currency}")
    return catalog.unit_price(item, rng, _PRICE_SCALE[currency])


def _item_lines(vendor: Vendor, currency: str, count: int, issue: dt.date, rng: random.Random) -> list[Line]:
    lines = []
    for item in _pick_items(vendor, count, rng):
        quantity, price = catalog.quantity(item, rng), _price(vendor, item, currency)
        description = _description(vendor, item, issue, rng)
        rate = _rate_for(vendor, item, rng)
        unit = vendor.units[item.unit]
        lines.append(
            Line(description, _sku(vendor, item), quantity, unit, price, rate, line_amount(quantity, price))
        )
    return lines


def _extras(vendor: Vendor, lines: list[Line], currency: str, rng: random.Random) -> list[Line]:
    """Discount and shipping rows, which real invoices often add after the goods."""
    extras = []
    labels, standard = vendor.labels, lines[0].tax_rate
    base = sum((ln.amount for ln in lines if ln.tax_rate == standard), Decimal(0))
    if rng.random() < 0.12 and base > 50:
        percent = rng.choice((2, 3, 5, 10))
        price = -round_cents(base * percent / Decimal(100))
        extras.append(
            Line(
                labels["discount"].format(percent=percent),
                None,
                Decimal(1),
                "",
                price,
                standard,
                price,
                kind="discount",
            )
        )
    if rng.random() < 0.25:
        price = Decimal(str(rng.choice((4.9, 6.9, 9.5, 12, 19.9, 25, 39, 85, 149)))) * _PRICE_SCALE[currency]
        price = round_cents(price)
        extras.append(
            Line(
                labels["shipping"],
                None,
                Decimal(1),
                vendor.units["flat"],
                price,
                standard,
                price,
                kind="shipping",
            )
        )
    return extras


def _taxes(lines: list[Line]) -> tuple[TaxRow, ...]:
    rates = sorted({ln.tax_rate for ln in lines if ln.tax_rate > 0}, reverse=True)
    rows = []
    for rate in rates:
        base = sum((ln.amount for ln in lines if ln.tax_rate == rate), Decimal(0))
        rows.append(TaxRow(rate, base, tax_on(base, rate)))
    return tuple(rows)


def _with_po_lines(lines: list[Line], po: str | None, rng: random.Random) -> list[Line]:
    if po is None:
        return lines
    step = rng.choice((1, 10))
    return [replace(ln, po_line=str(step * (i + 1))) for i, ln in enumerate(lines)]


def _as_credit(lines: list[Line]) -> list[Line]:
    """Credit notes print negative quantities, so line amounts and totals come out negative."""
    return [
        replace(ln, quantity=-ln.quantity, amount=line_amount(-ln.quantity, ln.unit_price)) for ln in lines
    ]


def line_count(rng: random.Random, max_lines: int) -> int:
    low, high = rng.choices(_LINE_COUNTS, weights=_LINE_WEIGHTS)[0]
    return min(rng.randint(low, high), max_lines)


def compose(vendor: Vendor, rng: random.Random, max_lines: int = 60) -> Invoice:
    locale = vendor.locale
    credit = rng.random() < 0.08
    issue = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 1030))
    currency = (
        locale.currency
        if rng.random() < 0.88 or not locale.other_currencies
        else rng.choice(locale.other_currencies)
    )
    po = _po(rng, issue) if rng.random() < 0.55 else None
    count = rng.randint(1, 4) if credit else line_count(rng, max_lines)  # credit notes correct a few lines
    items = _item_lines(vendor, currency, count, issue, rng)
    lines = _with_po_lines(items + ([] if credit else _extras(vendor, items, currency, rng)), po, rng)
    lines = _as_credit(lines) if credit else lines
    return _finish(vendor, rng, credit, issue, currency, po, lines)


def _finish(vendor: Vendor, rng: random.Random, credit: bool, issue: dt.date, currency: str, po: str | None,
            lines: list[Line]) -> Invoice:  # fmt: skip
    taxes = _taxes(lines)
    net = sum((ln.amount for ln in lines), Decimal(0))
    tax = sum((row.tax for row in taxes), Decimal(0))
    total = net + tax
    share = Decimal(rng.choice(("0.3", "0.5"))) if not credit and rng.random() < 0.06 else None
    prepaid = round_cents(total * share) if share else None
    days, lang = vendor.payment_days, vendor.locale.language
    terms = vendor.terms_template.format(days=days) if days else IMMEDIATE_TERMS[lang]
    return Invoice(
        vendor=vendor,
        buyer=buyer(vendor.party.country, lang, rng),
        document_type="credit_note" if credit else "invoice",
        number=_number(vendor, issue, rng, credit),
        issue_date=issue,
        due_date=issue + dt.timedelta(days=days) if days and not credit and rng.random() < 0.75 else None,
        delivery_date=issue - dt.timedelta(days=rng.randint(0, 12)) if rng.random() < 0.4 else None,
        currency=currency,
        purchase_order=po,
        payment_terms=None if credit or rng.random() < 0.2 else terms,
        customer_no=f"{rng.choice(('KD-', 'C', '', 'CUST-'))}{_digits(rng, 5)}"
        if rng.random() < 0.6
        else None,
        lines=tuple(lines),
        taxes=taxes,
        total_net=net,
        total_tax=tax,
        total=total,
        prepaid=prepaid,
        prepaid_share=share,
        amount_due=total - (prepaid or 0),
        show_buyer_vat=rng.random() < 0.3,
        show_total_tax=len(taxes) > 1 and rng.random() < 0.7,
        show_amount_due=prepaid is not None or rng.random() < 0.35,
    )


def shortened(invoice: Invoice, keep: int) -> Invoice:
    """The same invoice with only its first `keep` lines, totals recomputed (to fit one scanned page)."""
    lines = list(invoice.lines[:keep])
    taxes = _taxes(lines)
    net = sum((ln.amount for ln in lines), Decimal(0))
    tax = sum((row.tax for row in taxes), Decimal(0))
    prepaid = round_cents((net + tax) * invoice.prepaid_share) if invoice.prepaid_share else None
    changes = {
        "lines": tuple(lines), "taxes": taxes, "total_net": net, "total_tax": tax, "total": net + tax,
        "prepaid": prepaid, "amount_due": net + tax - (prepaid or 0),
        "show_total_tax": invoice.show_total_tax and len(taxes) > 1,
    }  # fmt: skip
    return replace(invoice, **changes)
