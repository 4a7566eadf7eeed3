"""Vendors and buyers: who sends and who receives an invoice.

A vendor is fixed by (split, index): the same index always yields the same company, bank
account, layout and wording, the way one supplier's invoices all look alike. Train and
heldout vendors draw names from disjoint pools and layouts from disjoint sets.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from . import companies, identities, places
from .catalog import TRADES, unit_labels
from .labels import choose_labels, payment_terms_templates
from .layouts import layout_ids
from .locales import LOCALE_WEIGHTS, LOCALES, Locale

VENDORS_PER_SPLIT = {"train": 400, "heldout": 120}

_FIRST_NAMES = {
    "de": ("Thomas", "Anna", "Michael", "Julia", "Stefan", "Katrin", "Andreas", "Sabine", "Jörg", "Claudia"),
    "fr": ("Marie", "Pierre", "Sophie", "Nicolas", "Isabelle", "Julien", "Camille", "Laurent"),
    "nl": ("Jan", "Sanne", "Pieter", "Eva", "Daan", "Lotte", "Bram", "Femke"),
    "en": ("James", "Sarah", "David", "Emma", "Michael", "Laura", "Daniel", "Rachel"),
}
_ATTENTION = {
    "en": ("Attn: Accounts Payable", "Accounts Payable Dept.", "FAO Finance"),
    "de": ("z. Hd. Kreditorenbuchhaltung", "Abt. Rechnungseingang", "Buchhaltung"),
    "fr": ("À l'attention du service comptabilité", "Service comptabilité fournisseurs"),
    "nl": ("t.a.v. crediteurenadministratie", "t.a.v. financiële administratie"),
}
_NUMBER_PATTERNS = ("INV-{year}-{n:05d}", "{year}{n:05d}", "{year}/{n:04d}", "F{year}-{n:04d}", "{n:08d}",
                    "{yy}-{n:04d}", "INV/{year}/{mm}/{n:04d}", "R-{n:06d}", "{yy}{mm}{n:04d}")  # fmt: skip
_SKU_PATTERNS = ("ART-{n:05d}", "{n:06d}", "{a}{n:04d}-{b}", "MAT {n:07d}", "{a}{b}-{n:03d}")
_ACCENTS = ((0.10, 0.22, 0.45), (0.05, 0.35, 0.25), (0.50, 0.10, 0.15), (0.00, 0.40, 0.45),
            (0.80, 0.35, 0.05), (0.25, 0.25, 0.28), (0.0, 0.0, 0.0), (0.20, 0.15, 0.45))  # fmt: skip
LOGOS = ("circle", "square", "triangle", "bars", "monogram", "wordmark", "hexagon", "wave")
_TLD = {"DE": "de", "CH": "ch", "GB": "co.uk", "US": "com", "FR": "fr", "NL": "nl"}
_PHONE = {"DE": "+49 {de} {b}-0", "CH": "+41 {a2} {b3} {c2} {d2}", "GB": "+44 {gb} {b3} {c4}",
          "US": "({a3}) 555-01{c2}", "FR": "+33 {a1} {c2} {d2} {e2} {f2}",
          "NL": "+31 {a2} {b3} {c4}"}  # fmt: skip


@dataclass(frozen=True)
class Party:
    name: str
    address: tuple[str, ...]  # street and city lines, without the name
    country: str
    vat_id: str | None = None  # as printed
    attention: str | None = None


@dataclass(frozen=True)
class Vendor:
    vendor_id: str
    split: str
    locale: Locale
    trade: str
    party: Party
    tax_id: str | None  # Steuernummer, SIREN or EIN, as printed
    register: str | None  # commercial register line: printed, never ground truth
    director: str | None
    phone: str
    email: str
    website: str
    bank: identities.BankAccount
    layout_id: int
    accent: tuple[float, float, float]
    logo: str
    labels: dict[str, str] = field(hash=False)
    units: dict[str, str] = field(hash=False)  # unit code -> printed label
    date_style: str = "iso"
    table_money: str = "plain"  # how amounts print in the item table: plain|symbol
    totals_money: str = "symbol"  # and in the totals block: symbol|code
    number_pattern: str = "{n}"
    sku_pattern: str | None = None  # None: this vendor prints no item codes
    payment_days: int = 30
    terms_template: str = "Net {days}"
    sales_tax_rate: Decimal | None = None  # US vendors: state + local rate


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


def _phone(country: str, rng: random.Random) -> str:
    digits = {
        f"{k}{n}": "".join(str(rng.randint(0, 9)) for _ in range(n)) for k in "abcdef" for n in (1, 2, 3, 4)
    }
    digits |= {"a": str(rng.randint(20, 989)), "b": str(rng.randint(100000, 9999999))}
    digits["a1"] = str(rng.randint(1, 5))
    area_codes = (
        (10, 20, 30, 40, 43, 50, 58, 70, 73, 76, 88) if country == "NL" else (21, 22, 31, 41, 44, 52, 61)
    )
    digits["a2"] = str(rng.choice(area_codes))
    digits["de"] = str(
        rng.choice((30, 40, 89, 221, 69, 711, 341, 911, 421, 511, 231, 351, 621, 721, 941, 521))
    )
    digits["gb"] = str(
        rng.choice((20, 113, 114, 115, 116, 117, 118, 121, 131, 141, 161, 1223, 1865, 29, 1603))
    )
    return _PHONE[country].format(**digits)


def _register(country: str, city: str, tax_id: str | None, rng: random.Random) -> str | None:
    number = rng.randint(10000, 299999)
    return {
        "DE": f"Amtsgericht {city.split()[0]}, HRB {number}",
        "CH": f"Handelsregister des Kantons {rng.choice(['Zürich', 'Bern', 'Luzern', 'Basel-Stadt'])}",
        "GB": f"Registered in England and Wales No. {rng.randint(1000000, 14999999):08d}",
        "FR": f"RCS {city} B {tax_id}" if tax_id else None,
        "NL": f"KvK {rng.randint(10000000, 99999999)}",
        "US": None,
    }[country]


def _pick_locale(rng: random.Random) -> Locale:
    codes = sorted(LOCALE_WEIGHTS)
    return LOCALES[rng.choices(codes, weights=[LOCALE_WEIGHTS[c] for c in codes])[0]]


@cache
def vendor(split: str, index: int) -> Vendor:
    rng = random.Random(f"vendor/{split}/{index}")
    locale = _pick_locale(rng)
    country, lang = locale.country, locale.language
    trade = rng.choice(TRADES)
    name = companies.vendor_name(country, lang, trade, split, rng)
    address = places.address(country, rng)
    tax_id = identities.tax_id(country, rng) if country != "DE" or rng.random() < 0.5 else None
    domain = (
        f"{_slug(name.split()[0] + (name.split()[1] if len(name.split()[0]) < 5 else ''))}.{_TLD[country]}"
    )
    city = address[-1].split(" ", 1)[-1] if country not in ("GB", "US") else address[-2]
    return Vendor(
        vendor_id=f"{split}-{index:04d}",
        split=split,
        locale=locale,
        trade=trade,
        party=Party(name, address, country, identities.vat_id(country, rng)),
        tax_id=tax_id,
        register=_register(country, city, tax_id, rng),
        director=f"{rng.choice(_FIRST_NAMES[lang])} {rng.choice(companies.surnames(country, split))}",
        phone=_phone(country, rng),
        email=f"{rng.choice(['info', 'billing', 'accounts', 'invoice', 'office'])}@{domain}",
        website=f"www.{domain}",
        bank=identities.bank_account(country, rng),
        layout_id=rng.choice(layout_ids(split)),
        accent=rng.choice(_ACCENTS),
        logo=rng.choice(LOGOS),
        labels=choose_labels(lang, rng, country),
        units={code: rng.choice(labels[lang]) for code, labels in sorted(unit_labels().items())},
        date_style=rng.choice(locale.date_styles + locale.date_styles[:1]),  # the numeric style is commonest
        table_money=rng.choice(("plain", "plain", "symbol")),
        totals_money=rng.choice(("symbol", "symbol", "code")),
        number_pattern=rng.choice(_NUMBER_PATTERNS),
        sku_pattern=rng.choice((None, *_SKU_PATTERNS)),
        payment_days=rng.choice((14, 30, 30, 30, 45, 60, 10, 0)),
        terms_template=rng.choice(payment_terms_templates(lang)),
        sales_tax_rate=Decimal(places.US_SALES_TAX[places.us_state(address)]) if country == "US" else None,
    )


def buyer(country: str, language: str, rng: random.Random) -> Party:
    """The receiving company: usually in the vendor's country, sometimes abroad (EU cross-border)."""
    if rng.random() < 0.15:
        country = rng.choice(("DE", "FR", "NL", "GB", "CH"))
        language = {"DE": "de", "CH": "de", "FR": "fr", "NL": "nl", "GB": "en"}[country]
    return Party(
        name=companies.buyer_name(country, language, rng),
        address=places.address(country, rng),
        country=country,
        vat_id=identities.vat_id(country, rng),
        attention=rng.choice(_ATTENTION[language]) if rng.random() < 0.4 else None,
    )


def all_vendors(split: str) -> list[Vendor]:
    return [vendor(split, i) for i in range(VENDORS_PER_SPLIT[split])]
