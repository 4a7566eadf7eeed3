"""Everything a drawing function needs about one invoice's page: geometry and printed forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.pagesizes import A4, LETTER

from .content import Invoice
from .layouts import Layout
from .locales import Locale, format_date
from .vendors import Vendor

FOOTER_HEIGHT = {"columns": 58.0, "line": 34.0, "bankbox": 24.0}
DIRECTOR_LABEL = {"en": "Director", "de": "Geschäftsführer", "fr": "Gérant", "nl": "Directeur"}


@dataclass(frozen=True)
class Sheet:
    invoice: Invoice
    layout: Layout

    @property
    def vendor(self) -> Vendor:
        return self.invoice.vendor

    @property
    def locale(self) -> Locale:
        return self.invoice.vendor.locale

    @property
    def labels(self) -> dict[str, str]:
        return self.invoice.vendor.labels

    @property
    def size(self) -> tuple[float, float]:
        return LETTER if self.locale.page_size == "LETTER" else A4

    @property
    def width(self) -> float:
        return self.size[0]

    @property
    def height(self) -> float:
        return self.size[1]

    @property
    def left(self) -> float:
        return self.layout.margin

    @property
    def right(self) -> float:
        return self.width - self.layout.margin

    @property
    def bottom(self) -> float:
        """Lowest y the body may reach: above the footer and the page number."""
        return self.height - 36 - FOOTER_HEIGHT[self.layout.footer] - 16

    @property
    def credit(self) -> bool:
        return self.invoice.document_type == "credit_note"

    def date(self, day: dt.date) -> str:
        return format_date(day, self.vendor.date_style, self.locale.language)

    def money(self, value: Decimal) -> str:
        """Totals carry the currency, so the currency is always printed somewhere."""
        return self.locale.money(value, self.invoice.currency, self.vendor.totals_money)

    def table_money(self, value: Decimal) -> str:
        return self.locale.money(value, self.invoice.currency, self.vendor.table_money)

    def price(self, value: Decimal) -> str:
        """A unit price in the table: all its decimals, with a currency sign if the vendor prints one."""
        decimals = max(2, -value.as_tuple().exponent)
        return self.locale.money(value, self.invoice.currency, self.vendor.table_money, decimals)

    def quantity(self, value: Decimal) -> str:
        return self.locale.quantity(value, self.layout.qty_decimals)

    def percent(self, rate: Decimal) -> str:
        """'19%' in English and Dutch, '19 %' in French and German typography."""
        space = " " if self.locale.language in ("fr", "de") and self.layout.font != "courier" else ""
        return f"{self.locale.rate(rate)}{space}%"

    def tax_label(self, rate: Decimal) -> str:
        key = "sales_tax_row" if self.locale.sales_tax else "tax_row"
        return self.labels[key].format(rate=self.locale.rate(rate))

    @property
    def title(self) -> str:
        return self.labels["title_credit" if self.credit else "title_invoice"]

    @property
    def number_label(self) -> str:
        return self.labels["credit_number" if self.credit else "invoice_number"]
