"""Check that the bank details OCR read agree: an IBAN comes with its BIC, and the BIC agrees with the
IBAN's bank.

Every invoice that prints an IBAN prints the BIC beside it (857 of 857 train invoices, 4 of 4 real ones),
so on a scan one read without the other means OCR missed the other, most often in small footer print.

The IBAN's check digits make its bank code certain, and the bank registry names that bank's BIC. A BIC
that differs from it only in look-alike characters ("DRESDEFFI50" where the IBAN's bank is DRESDEFF150)
is a misread, and both spellings may be real BICs of different banks, so no format check can tell. A BIC
that differs in other ways may be printed on purpose (another branch of the bank) and is left alone.
"""

from __future__ import annotations

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from extraction.route import is_ocr
from models.extraction import Extraction, Finding

# Characters OCR mistakes for each other in the upper-case letters and digits of a BIC.
_LOOK_ALIKES = ("I1L", "O0DQ", "S5", "B8", "Z2", "G6")
_BRANCH_OF_HEAD_OFFICE = "XXX"  # an 8-character BIC and its "XXX" form name the same office


def bic_of_iban_bank(iban: str) -> str | None:
    """The BIC the bank registry gives for the IBAN's bank, 11 characters long, or None when unknown."""
    try:
        bic = IBAN(iban).bic
    except (SchwiftyException, ValueError):
        return None
    return None if bic is None else _eleven(str(bic))


def _eleven(bic: str) -> str:
    compact = "".join(bic.split()).upper()
    return compact + _BRANCH_OF_HEAD_OFFICE if len(compact) == 8 else compact


def look_alike(read: str, expected: str) -> bool:
    """Whether two different BICs differ only where OCR confuses one character for another."""
    if read == expected or len(read) != len(expected):
        return False
    return all(a == b or _confusable(a, b) for a, b in zip(read, expected, strict=True))


def _confusable(a: str, b: str) -> bool:
    return any(a in group and b in group for group in _LOOK_ALIKES)


def bank_bic_findings(extraction: Extraction) -> list[Finding]:
    return [*_half_pair_findings(extraction), *_look_alike_findings(extraction)]


def _half_pair_findings(extraction: Extraction) -> list[Finding]:
    iban, bic = extraction.fields.get("vendor_iban"), extraction.fields.get("vendor_bic")
    if (iban is None) == (bic is None) or not is_ocr(extraction):
        return []
    read, missing, name = ("IBAN", "BIC", "vendor_bic") if bic is None else ("BIC", "IBAN", "vendor_iban")
    message = (
        f"the {read} was read but no {missing}: invoices print the two together, so OCR may have missed it"
    )
    return [Finding(f"{name.removeprefix('vendor_')}_unread_beside_pair", message, (name,))]


def _look_alike_findings(extraction: Extraction) -> list[Finding]:
    bic = extraction.fields.get("vendor_bic")
    iban = extraction.value("vendor_iban")
    if bic is None or not bic.read_by_ocr or iban is None:
        return []
    expected = bic_of_iban_bank(iban)
    if expected is None or not look_alike(_eleven(bic.value), expected):
        return []
    message = (
        f"the BIC reads {bic.value}, but the IBAN's bank has {expected}: OCR may have mistaken a character "
        "for a look-alike (1 and I, 0 and O)"
    )
    return [Finding("bic_unlike_iban_bank", message, ("vendor_bic",))]
