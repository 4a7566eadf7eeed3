"""Check a vendor tax number OCR read: enough digits, and the check digit where its kind has one.

A French SIREN (9 digits) and SIRET (14) end in a Luhn check digit, and a US employer id starts with one of
the IRS's campus prefixes; a digit OCR misread or lost almost always breaks them. Other registrations
(a German Steuernummer, a UK company number) carry no check digit, so only their length is checked.
"""

from __future__ import annotations

import re

from stdnum import luhn
from stdnum.us import ein

from extraction.postcodes import vat_country
from models.extraction import Extraction, Finding

# Tax numbers have at least eight digits wherever they are printed (US EIN 9, German Steuernummer 10-13,
# SIREN 9, UK company and Dutch KvK numbers 8): fewer on a scan means OCR lost some.
MIN_TAX_NUMBER_DIGITS = 8
_SIREN_OR_SIRET_LENGTHS = (9, 14)
_EIN_RE = re.compile(r"\d{2}-\d{7}")


def tax_number_findings(extraction: Extraction) -> list[Finding]:
    found = extraction.fields.get("vendor_tax_id")
    if found is None or not found.read_by_ocr:
        return []
    digits = "".join(ch for ch in found.value if ch.isdigit())
    if len(digits) < MIN_TAX_NUMBER_DIGITS:
        message = f"the vendor tax number {found.value} has only {len(digits)} digits: OCR may have lost some"
        return [Finding("tax_number_short", message, ("vendor_tax_id",))]
    kind = _failed_check(found.value, digits, extraction)
    if kind is None:
        return []
    message = f"the vendor tax number {found.value} fails the {kind} check: OCR may have misread a digit"
    return [Finding("tax_number_invalid", message, ("vendor_tax_id",))]


def _failed_check(value: str, digits: str, extraction: Extraction) -> str | None:
    """The kind of number whose check `value` fails, or None when it passes or has no check."""
    if _is_french(extraction) and len(digits) in _SIREN_OR_SIRET_LENGTHS and value.replace(" ", "").isdigit():
        return None if luhn.is_valid(digits) else ("SIREN" if len(digits) == 9 else "SIRET")
    if _EIN_RE.fullmatch(value.strip()):
        return None if ein.is_valid(value) else "US employer id"
    return None


def _is_french(extraction: Extraction) -> bool:
    vat_id = extraction.value("vendor_vat_id")
    return vat_country(vat_id) == "FR" if vat_id else extraction.language == "fr"
