"""How a locale writes dates, numbers and money, and which tax rates it uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .money import round_cents

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
MONTH_NAMES = {lang: tuple(names.split()) for lang, names in MONTHS.items()}

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}


@dataclass(frozen=True)
class Locale:
    code: str  # "de-DE"
    language: str  # label and month-name language: en, de, fr, nl
    country: str  # ISO 3166 alpha-2 of the vendor's country
    currency: str  # usual invoice currency
    decimal_sep: str
    group_sep: str
    symbol_after: bool  # "1.234,56 €" rather than "€1,234.56"
    symbol_space: bool  # "€ 1.234,56" rather than "€1.234,56"
    date_styles: tuple[str, ...]  # names understood by format_date, a vendor picks one
    vat_rates: tuple[Decimal, ...]  # standard rate first, then reduced rates; empty for US sales tax
    page_size: str  # "A4" or "LETTER"
    other_currencies: tuple[str, ...] = ()  # what vendors here sometimes invoice in

    @property
    def sales_tax(self) -> bool:
        return not self.vat_rates

    def number(self, value: Decimal, decimals: int = 2, grouping: bool = True) -> str:
        """Locale digits: 1,234.56 / 1.234,56 / 1 234,56 / 1'234.56."""
        text = f"{abs(value):,.{decimals}f}" if grouping else f"{abs(value):.{decimals}f}"
        text = text.replace(",", "\x00").replace(".", self.decimal_sep).replace("\x00", self.group_sep)
        return ("-" if value < 0 else "") + text

    def quantity(self, value: Decimal, fixed_decimals: int | None = None) -> str:
        """Whole quantities print without decimals unless the layout insists on a fixed count."""
        if fixed_decimals is not None:
            return self.number(value, fixed_decimals)
        exponent = -value.normalize().as_tuple().exponent
        return self.number(value, max(0, exponent))

    def money(self, value: Decimal, currency: str, style: str = "symbol", decimals: int = 2) -> str:
        """An amount with its currency the way this locale writes it; style symbol|code|plain.
        Unit prices may ask for more decimals (0.125 per piece); totals always have two."""
        digits = self.number(abs(value) if decimals > 2 else round_cents(abs(value)), decimals)
        sign = "-" if value < 0 else ""
        if style == "plain":
            return sign + digits
        if style == "code":
            return f"{sign}{digits} {currency}"
        symbol = SYMBOLS[currency]
        space = " " if self.symbol_space or len(symbol) > 1 else ""
        if self.symbol_after:
            return f"{sign}{digits} {symbol}"
        return f"{symbol}{space}{sign}{digits}" if space else f"{sign}{symbol}{digits}"

    def rate(self, value: Decimal) -> str:
        return self.quantity(value.normalize())


def format_date(day: dt.date, style: str, language: str) -> str:
    months = MONTH_NAMES[language]
    month = months[day.month - 1]
    formats = {
        "mdy_slash": f"{day.month:02d}/{day.day:02d}/{day.year}",
        "dmy_slash": f"{day.day:02d}/{day.month:02d}/{day.year}",
        "dmy_dot": f"{day.day:02d}.{day.month:02d}.{day.year}",
        "dmy_dash": f"{day.day:02d}-{day.month:02d}-{day.year}",
        "iso": day.isoformat(),
        "long_mdy": f"{month} {day.day}, {day.year}",
        "abbr_mdy": f"{month[:3]} {day.day}, {day.year}",
        "long_dmy": f"{day.day} {month} {day.year}",
        "abbr_dmy": f"{day.day} {month[:3]} {day.year}",
        "long_dmy_dot": f"{day.day}. {month} {day.year}",
    }
    return formats[style]


def _rates(*values: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


LOCALES: dict[str, Locale] = {
    loc.code: loc
    for loc in (
        Locale("en-US", "en", "US", "USD", ".", ",", False, False,
               ("mdy_slash", "long_mdy", "abbr_mdy"), (), "LETTER", ("EUR",)),
        Locale("en-GB", "en", "GB", "GBP", ".", ",", False, False,
               ("dmy_slash", "long_dmy", "abbr_dmy"), _rates("20", "5"), "A4", ("EUR", "USD")),
        Locale("de-DE", "de", "DE", "EUR", ",", ".", True, True,
               ("dmy_dot", "long_dmy_dot"), _rates("19", "7"), "A4", ("CHF", "USD")),
        Locale("fr-FR", "fr", "FR", "EUR", ",", " ", True, True,
               ("dmy_slash", "long_dmy"), _rates("20", "10", "5.5"), "A4", ("CHF",)),
        Locale("nl-NL", "nl", "NL", "EUR", ",", ".", False, True,
               ("dmy_dash", "long_dmy"), _rates("21", "9"), "A4", ("USD", "GBP")),
        Locale("de-CH", "de", "CH", "CHF", ".", "'", False, True,
               ("dmy_dot", "long_dmy_dot"), _rates("8.1", "2.6"), "A4", ("EUR",)),
    )
}  # fmt: skip

# How often a vendor comes from each locale; German and US suppliers dominate our AP mail.
LOCALE_WEIGHTS = {"de-DE": 28, "en-US": 20, "en-GB": 16, "fr-FR": 14, "nl-NL": 14, "de-CH": 8}
