"""Tax and bank identifiers that pass their checksums.

Check digits always come from python-stdnum or schwifty: either their calc_* helpers, or by
offering candidates to their validators. Nothing here implements a checksum itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from schwifty import IBAN, registry
from stdnum import luhn
from stdnum.ch import uid as ch_uid
from stdnum.ch import vat as ch_vat
from stdnum.de import stnr as de_stnr
from stdnum.fr import siren as fr_siren
from stdnum.fr import tva as fr_tva
from stdnum.gb import vat as gb_vat
from stdnum.iso7064 import mod_11_10
from stdnum.nl import bsn as nl_bsn
from stdnum.nl import btw as nl_btw
from stdnum.us import ein as us_ein
from stdnum.us import rtn as us_rtn


@dataclass(frozen=True)
class BankAccount:
    bank_name: str
    iban: str | None  # compact; None for US accounts, which have no IBAN
    bic: str | None
    routing: str | None = None  # US ABA routing number
    account: str | None = None  # US account number

    @property
    def iban_printed(self) -> str:
        return " ".join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4)) if self.iban else ""


def _digits(rng: random.Random, count: int) -> str:
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(count - 1))


def vat_id(country: str, rng: random.Random) -> str | None:
    """A VAT id in the form the country prints it (spaces allowed); None where there is no VAT."""
    maker = _VAT_MAKERS.get(country)
    return maker(rng) if maker else None


def _vat_de(rng: random.Random) -> str:
    body = _digits(rng, 8)
    return f"DE{body}{mod_11_10.calc_check_digit(body)}"


def _vat_fr(rng: random.Random) -> str:
    tva = "FR" + fr_siren.to_tva(siren(rng).replace(" ", ""))
    assert fr_tva.is_valid(tva)
    return f"{tva[:4]} {tva[4:]}" if rng.random() < 0.5 else tva


def _vat_nl(rng: random.Random) -> str:
    candidates: list[str] = []
    while not candidates:  # about one body in eleven has no valid check digit; draw again
        body = _digits(rng, 8)
        candidates = [body + d for d in "0123456789" if nl_bsn.is_valid(body + d)]
    number = candidates[0]
    result = f"NL{number}B{rng.choice(['01', '01', '02'])}"
    assert nl_btw.is_valid(result)
    return result


def _vat_gb(rng: random.Random) -> str:
    while True:
        body = _digits(rng, 7)
        checks = [f"{c:02d}" for c in range(100) if gb_vat.is_valid(body + f"{c:02d}")]
        if checks:
            number = body + checks[0]
            return f"GB {number[:3]} {number[3:7]} {number[7:]}"


def _vat_ch(rng: random.Random) -> str:
    while True:
        body = _digits(rng, 8)
        check = ch_uid.calc_check_digit(body)
        if len(check) == 1 and ch_vat.is_valid(f"CHE{body}{check}MWST"):
            return ch_vat.format(f"CHE{body}{check}MWST")


_VAT_MAKERS = {"DE": _vat_de, "FR": _vat_fr, "NL": _vat_nl, "GB": _vat_gb, "CH": _vat_ch}


def siren(rng: random.Random) -> str:
    body = _digits(rng, 8)
    number = body + luhn.calc_check_digit(body)
    return fr_siren.format(number)


def tax_id(country: str, rng: random.Random) -> str | None:
    """The non-VAT tax registration a vendor prints (BT-32): Steuernummer, SIREN, EIN."""
    if country == "FR":
        return siren(rng)
    if country == "DE":
        while True:  # Bavarian layout FFF/BBB/UUUUP, accepted by stdnum's regional check
            number = f"1{rng.randint(10, 99)}/{rng.randint(100, 999)}/{rng.randint(10000, 99999)}"
            if de_stnr.is_valid(number):
                return number
    if country == "US":
        while True:
            number = f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}"
            if us_ein.is_valid(number):
                return number
    return None


# Well-known banks per country, matched against schwifty's registry so BIC and name are real.
_BANK_KEYWORDS = {
    "DE": ("DEUTSCHE BANK", "COMMERZBANK", "SPARKASSE", "VOLKSBANK", "POSTBANK", "GLS", "HYPOVEREINSBANK"),
    "CH": ("UBS", "CREDIT SUISSE", "POSTFINANCE", "KANTONALBANK", "RAIFFEISEN"),
    "GB": ("NATIONAL WESTMINSTER", "BARCLAYS", "LLOYDS", "HSBC", "SANTANDER UK", "METRO BANK"),
    "FR": (
        "BNP PARIBAS",
        "SOCIETE GENERALE",
        "CREDIT LYONNAIS",
        "CREDIT AGRICOLE",
        "CIC",
        "LA BANQUE POSTALE",
    ),
    "NL": ("ABN AMRO", "ING BANK", "RABOBANK", "TRIODOS", "KNAB", "BUNQ"),
}
_US_BANKS = ("JPMorgan Chase Bank, N.A.", "Wells Fargo Bank, N.A.", "Bank of America, N.A.", "U.S. Bank N.A.",
             "PNC Bank", "Truist Bank", "Citibank, N.A.")  # fmt: skip


@cache
def _banks(country: str) -> tuple:
    keywords = _BANK_KEYWORDS[country]
    banks = [
        b for b in registry.get_banks_by_country(country)
        if b.primary and b.bic and "-alt" not in b.name and any(k in b.name.upper() for k in keywords)
    ]  # fmt: skip
    return tuple(sorted(banks, key=lambda b: (b.bank_code, b.bic)))


def bank_account(country: str, rng: random.Random) -> BankAccount:
    if country == "US":
        routing_body = f"{rng.randint(1, 12):02d}" + "".join(str(rng.randint(0, 9)) for _ in range(6))
        routing = routing_body + us_rtn.calc_check_digit(routing_body)
        return BankAccount(rng.choice(_US_BANKS), None, None, routing, _digits(rng, rng.choice([9, 10, 12])))
    for _ in range(20):
        bank = rng.choice(_banks(country))
        iban = _valid_iban(country, bank.bank_code, rng)
        if iban:
            name = bank.name if len(bank.name) <= 40 else bank.short_name
            return BankAccount(_tidy_bank_name(name), iban, bank.bic)
    raise RuntimeError(f"no valid {country} bank account found")


def _valid_iban(country: str, bank_code: str, rng: random.Random) -> str | None:
    """German accounts carry a national check digit; schwifty tells us when a random one holds.
    Some banks use check methods random accounts rarely pass: give up and let the caller pick another bank."""
    for _ in range(40):
        try:
            iban = IBAN.generate(country, bank_code=bank_code, account_code=_account(country, rng),
                                 **_branch(country, rng))  # fmt: skip
            IBAN(str(iban), validate_bban=True)
        except ValueError:
            continue
        return str(iban)
    return None


def _account(country: str, rng: random.Random) -> str:
    length = {"DE": 10, "CH": 12, "GB": 8, "FR": 11, "NL": 10}[country]
    return "".join(str(rng.randint(0, 9)) for _ in range(length))


def _branch(country: str, rng: random.Random) -> dict[str, str]:
    if country == "GB":
        return {"branch_code": f"{rng.randint(10, 99)}{rng.randint(0, 9999):04d}"}
    if country == "FR":
        return {"branch_code": f"{rng.randint(0, 99999):05d}"}
    return {}


_ACRONYMS = {
    "ABN",
    "AMRO",
    "ING",
    "UBS",
    "BNP",
    "CIC",
    "LCL",
    "GLS",
    "HSBC",
    "PLC",
    "AG",
    "NV",
    "N.V.",
    "UK",
    "SA",
}


def _tidy_bank_name(name: str) -> str:
    """Registry names are often upper case; invoices print them in title case, acronyms kept."""
    if name.isupper():
        return " ".join(w if w in _ACRONYMS else w.capitalize() for w in name.split())
    return name
