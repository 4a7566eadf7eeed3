"""Check that an IBAN, a BIC or a VAT number printed on the page was read: an optional field that is simply
absent would otherwise let an invoice through without the account the payment goes to, or without the
seller's VAT number that makes its tax deductible.

A text layer can interleave the characters of two footer columns ("IBnAgN.d: eDE76 4205 …"), which
hides the IBAN from the word-based extractor but not from a search of the page's text; the checksum
keeps this from firing on anything that merely looks like an account number. VAT numbers carry a check
digit too (stdnum knows each country's), so a number that passes is a VAT number, wherever it stands. A
BIC has none: only one printed after its label counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import vatin

from models.extraction import Extraction, Finding
from models.pagetext import PageText

# Country, check digits, then groups of four (spaced or not) and a short tail.
_IBAN_LIKE = re.compile(r"(?<![A-Z])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}")
# A VAT number starts with its country's prefix (Switzerland's UID with "CHE", Greece's with "EL"); the
# body is digits with the odd letter (NL's "B01", AT's "U", ES's leading letter), printed with spaces,
# dots or dashes. The prefix may follow a letter: interleaved or glued text ("eDE525…", "USt-IDDE525…").
_VAT_PREFIXES = (
    "AT|BE|BG|CHE|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|NO|PL|PT|RO|SE|SI|SK|XI"
)
# Looked for at every position (a lookahead): "VAT ID GB 235 8511 07" must not be used up by "AT ID GB …".
# OCR may read a dot of "CHE-837.179.096" as a comma.
_VAT_LIKE = re.compile(rf"(?<![0-9])(?=((?:{_VAT_PREFIXES})[ \-.]?[0-9A-Z][0-9A-Z .,\-]{{6,20}}))")
_BIC_AFTER_LABEL = re.compile(
    r"\b(?:BIC|SWIFT|Swift)(?:[ /-]?(?:BIC|SWIFT|[Cc]ode))?\s?[:.]?\s?"
    r"(?P<bic>[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)(?![A-Za-z0-9])"
)
# A US employer identification number is printed as two digits, a hyphen and seven digits; nothing else on
# an invoice has that shape (phone numbers group 3-3-4, dates and amounts have other separators).
_EIN_LIKE = re.compile(r"(?<![\w-])\d{2}-\d{7}(?![\w-])")
# OCR reads a zero as the letter O and a one as I or l; a VAT body is digits, so fold them back.
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
_AMOUNT_IN = re.compile(r"\d[.,]\d{2}(?!\d)")  # cents: no VAT number groups its digits in twos after a dot
_MIN_VAT_LENGTH = 8  # prefix and body, compact: the shortest VAT numbers have eight characters


def printed_ibans(pages: Sequence[PageText]) -> list[str]:
    """Every checksum-valid IBAN printed on the pages, compact, in reading order, once each."""
    found: list[str] = []
    for page in pages:
        for text in _iban_like_texts(page.text):
            if text not in found:
                found.append(text)
    return found


def _iban_like_texts(text: str) -> Iterator[str]:
    for match in _IBAN_LIKE.finditer(text):
        valid = _longest_valid_prefix(match.group(0).split(" "))
        if valid is not None:
            yield valid


def _longest_valid_prefix(groups: list[str]) -> str | None:
    """The match may run on into the next word ("… 2739 92 HRB"): the longest prefix of groups that
    passes the checksum is the IBAN."""
    for end in range(len(groups), 0, -1):
        compact = "".join(groups[:end])
        if len(compact) < 15:
            return None
        try:
            return str(IBAN(compact).compact)
        except SchwiftyException:
            continue
    return None


def printed_bics(pages: Sequence[PageText]) -> list[str]:
    """Every BIC printed after its label ("BIC: COBADEFFXXX", "SWIFT-BIC COBADEFF"), once each. A BIC has
    no check digit, so only the label makes eight or eleven capitals one."""
    found: list[str] = []
    for page in pages:
        for match in _BIC_AFTER_LABEL.finditer(page.text):
            try:
                bic = str(BIC(match.group("bic")))
            except SchwiftyException:
                continue
            if bic not in found:
                found.append(bic)
    return found


def printed_vat_numbers(pages: Sequence[PageText]) -> list[str]:
    """Every checksum-valid VAT number printed on the pages, compact, in reading order, once each.

    IBANs are blanked out first: a German IBAN's first eleven characters pass a German VAT number's check
    one time in ten."""
    found: list[str] = []
    for page in pages:
        text = _IBAN_LIKE.sub(_blank_iban, page.text)
        for match in _VAT_LIKE.finditer(text):
            valid = _longest_valid_vat(match.group(1))
            if valid is not None and valid not in found:
                found.append(valid)
    return found


def _blank_iban(match: re.Match[str]) -> str:
    if _longest_valid_prefix(match.group(0).split(" ")) is None:
        return match.group(0)
    return " " * len(match.group(0))


def _longest_valid_vat(text: str) -> str | None:
    """The longest start of `text` that is a valid VAT number and does not cut a number short
    ("DE525333536 St.-Nr. 196" is "DE525333536")."""
    for end in range(len(text), _MIN_VAT_LENGTH - 1, -1):
        if end < len(text) and (text[end].isdigit() or (text[end - 1].isalpha() and text[end].isalpha())):
            continue  # never cut a digit group short, nor inside a word ("… 536St.-Nr." may be cut)
        candidate = text[:end].strip(" .,-")
        if _AMOUNT_IN.search(candidate):
            continue  # "0,5 PT 1.603,72 801": a unit and amounts, whatever their digits pass
        candidate = candidate.replace(",", ".")
        prefix = "CHE" if candidate.startswith("CHE") else candidate[:2]
        body = candidate[len(prefix) :]
        for variant in dict.fromkeys((body, body.translate(_OCR_DIGITS))):
            number = prefix + variant
            if vatin.is_valid(number):
                return vatin.compact(number)
    return None


def vat_key(value: str) -> str:
    """What two spellings of one VAT number share: the country prefix and the digits ("CHE-116.281.710
    MWST" and "CHE116281710", "FR40 303265045" and "FR40303265045")."""
    compact = re.sub(r"[^0-9A-Z]", "", value.upper())
    return compact[:2] + re.sub(r"\D", "", compact[2:].translate(_OCR_DIGITS))


def printed_findings(extraction: Extraction, pages: Sequence[PageText] = ()) -> list[Finding]:
    if not pages:
        return []
    return [
        *_unread_findings(extraction, pages, _UNREAD_CHECKS[:2]),  # IBAN, BIC
        *_vat_findings(extraction, pages),
        *_unread_findings(extraction, pages, _UNREAD_CHECKS[2:]),  # tax ID
    ]


def printed_eins(pages: Sequence[PageText]) -> list[str]:
    return [match.group() for page in pages for match in _EIN_LIKE.finditer(page.text)]


def _unread_eins(extraction: Extraction, pages: Sequence[PageText]) -> list[str]:
    read = {found.value for found in extraction.fields.values()}
    return [ein for ein in printed_eins(pages) if ein not in read]


# field, what finds it printed, how the message names the printed thing and the field, the finding's code
_UnreadCheck = tuple[str, Callable[[Extraction, Sequence[PageText]], list[str]], str, str, str]
_UNREAD_CHECKS: tuple[_UnreadCheck, ...] = (
    ("vendor_iban", lambda _, pages: printed_ibans(pages), "an IBAN", "vendor IBAN", "iban_printed_unread"),
    ("vendor_bic", lambda _, pages: printed_bics(pages), "a BIC", "vendor BIC", "bic_printed_unread"),
    ("vendor_tax_id", _unread_eins, "a tax ID", "vendor tax number", "tax_id_printed_unread"),
)


def _unread_findings(
    extraction: Extraction, pages: Sequence[PageText], checks: tuple[_UnreadCheck, ...]
) -> list[Finding]:
    """A finding per field not read although something of its kind is printed (searched for only when
    the field is missing: the search runs on every page of every document)."""
    findings = []
    for field, find_printed, printed_as, field_as, code in checks:
        if field in extraction.fields:
            continue
        printed = find_printed(extraction, pages)
        if printed:
            message = f"{printed_as} ({printed[0]}) is printed but no {field_as} was read"
            findings.append(Finding(code, message, (field,)))
    return findings


def _vat_findings(extraction: Extraction, pages: Sequence[PageText]) -> list[Finding]:
    """A printed VAT number that is neither the vendor's nor the buyer's as read: one of the two was
    missed, or read from somewhere else."""
    vendor, buyer = extraction.value("vendor_vat_id"), extraction.value("buyer_vat_id")
    read = {vat_key(value) for value in (vendor, buyer) if value is not None}
    unread = [number for number in printed_vat_numbers(pages) if vat_key(number) not in read]
    if not unread:
        return []
    printed = f"a VAT number ({unread[0]}) is printed"
    if vendor is None and buyer is None:
        message = f"{printed} but no VAT number was read, neither the vendor's nor the buyer's"
        fields: tuple[str, ...] = ("vendor_vat_id", "buyer_vat_id")
    elif vendor is None:
        message, fields = (
            f"{printed} besides the buyer's ({buyer}), but no vendor VAT number was read",
            ("vendor_vat_id",),
        )
    elif buyer is None:
        message, fields = (
            f"{printed} besides the vendor's ({vendor}), but no buyer VAT number was read",
            ("buyer_vat_id",),
        )
    else:
        message = f"{printed} that is neither the vendor's ({vendor}) nor the buyer's ({buyer}) as read"
        fields = ("vendor_vat_id", "buyer_vat_id")
    return [Finding("vat_id_printed_unread", message, fields)]
