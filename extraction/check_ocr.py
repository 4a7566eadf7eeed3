"""Checks for pages read by OCR, where a value can look sure and still be misread or missed.

- A name or address word tesseract was unsure of is often one whose accent it dropped ("Jaurès" read
  "Jaures", "Mühlenweg" read "Muhlenweg"): the field's confidence says nothing of that, the word's does.
- An optional field whose label OCR printed (even misspelt: "USt-IdNr" read "USt-ldNr") but whose value
  was not read was most likely misread, not absent: on a text layer the exact label checks decide this,
  on a scan the label is matched loosely and the invoice goes to a reviewer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extraction.check_cut_values import cut_value_findings
from extraction.check_labels import page_labels
from extraction.check_tax_number import tax_number_findings
from extraction.labels import LabelHit
from extraction.layout import Row
from extraction.ocr_repair import iban_length, repair_iban
from extraction.postcodes import (
    COUNTRY_NAMES,
    address_countries,
    address_towns,
    postcode_fits,
    us_state_zip_mismatch,
    vat_country,
)
from extraction.towns import accented_town, known_towns, misread_towns, town_of
from models.extraction import Extraction, Finding
from models.pagetext import PageText, Word

# Below this tesseract word confidence a letter of the word may well be wrong: on the train scans, words
# that lost their accent sat at 0.60-0.93 (two thirds below 0.92), correctly read ones mostly above 0.92.
# An address is compared letter for letter, a name by its words' similarity (a lost accent still counts as
# right), so an address word must be surer.
UNSURE_WORD = {"vendor_name": 0.9, "vendor_address": 0.92, "buyer_name": 0.9}
# Only French and German words carry accents often enough for that; in English or Dutch a word must be
# plainly unsure ("Amersioort" at 0.59), since tesseract scores common words such as "Arnhem" near 0.9.
ACCENTED_LANGUAGES = frozenset({"fr", "de"})
UNSURE_WORD_ELSEWHERE = 0.8
# French writes the suffix -ière(s) with a grave accent without exception ("Mercières", "Rivière"), so a
# French word ending in a bare "-iere(s)" lost its accent to OCR, however surely read ("Mercieres" at 0.93).
_LOST_FRENCH_ACCENT = re.compile(r"[^\W\d_]ieres?\W*$", re.IGNORECASE)
_MIN_LETTERS = 3  # "B.V.", "ZJ" (a Dutch postcode's letters): short tokens score low whatever OCR read
# ...but not this low: a short token read at 0.01 ("a:" where "Unit 2" is printed) is a guess.
_GUESSED_WORD = 0.3
_TEXT_FIELDS = {"vendor_name": "vendor name", "vendor_address": "vendor address", "buyer_name": "buyer name"}
# Optional fields an invoice prints with a label of their own; a loose OCR match of that label suffices. Not
# the purchase order or the due date: "Vielen Dank für Ihre Bestellung." and "Payment due within 30 days"
# name them in sentences that have no value.
_LABELLED_FIELDS = {
    "vendor_vat_id": "vendor VAT number",
    "vendor_tax_id": "vendor tax number",
    "vendor_iban": "vendor IBAN",
    "vendor_bic": "vendor BIC",
    "total_net": "net total",
    "total_tax": "tax total",
    "amount_due": "amount due",
}
# Currencies of the EU and the UK, whose VAT invoices must print the seller's VAT number (EU VAT
# Directive art. 226, UK VAT Regulations reg. 14).
_VAT_ID_CURRENCIES = frozenset({"EUR", "GBP"})
LOOSE_LABEL = 0.8  # the label's score for its field times how exactly OCR matched it
# Unread print covering this share of a page's footer band is a line or more of small print (one short
# line of 8-pt text is about 0.3% of an A4 page); on 86 train scans 6 pages had any, scanner edges aside.
UNREAD_FOOTER_SHARE = 0.002
_HOUSE_NUMBER_RE = re.compile(r"\d{1,5}[a-zA-Z]?")
# An IBAN as printed: a country's letters, two check digits, then groups of letters and digits.
_PRINTED_IBAN = re.compile(r"\b([A-Z]{2})(\d{2})((?: ?[A-Z0-9]{2,4}){3,8})\b")


def ocr_findings(extraction: Extraction, pages: Sequence[PageText] = ()) -> list[Finding]:
    scanned = [page for page in pages if page.source == "ocr"]
    if not scanned:
        return []
    findings = [
        *_unsure_word_findings(extraction, scanned),
        *_odd_character_findings(extraction),
        *tax_number_findings(extraction),
        *_label_without_value_findings(extraction, scanned),
        *_unread_footer_findings(scanned),
        *_misread_town_findings(extraction),
        *_misread_postcode_findings(extraction),
        *_bare_number_line_findings(extraction),
        *_town_for_name_findings(extraction),
        *_misread_iban_findings(extraction, scanned),
        *cut_value_findings(extraction, scanned),
    ]
    if not any("vendor_vat_id" in finding.fields for finding in findings):  # one reason per field is enough
        findings += _missing_vat_id_findings(extraction)
    return findings


def _missing_vat_id_findings(extraction: Extraction) -> list[Finding]:
    """A scanned invoice in euros or pounds without the seller's VAT number read: EU and UK law has every
    VAT invoice print it, so on a scan it was most likely printed and misread (a footer, small print)."""
    if extraction.value("currency") not in _VAT_ID_CURRENCIES or extraction.value("vendor_vat_id"):
        return []
    message = "no VAT number of the seller was read; invoices in euros or pounds print one: check the page"
    return [Finding("vat_id_unread", message, ("vendor_vat_id",))]


def _misread_town_findings(extraction: Extraction) -> list[Finding]:
    """A vendor address whose town OCR read as no known town but one letter from one ("Carditf")."""
    address = extraction.fields.get("vendor_address")
    if address is None or not address.read_by_ocr:
        return []
    findings = []
    lines = address.value.split("\n")
    country = vat_country(extraction.value("vendor_vat_id"))
    # Every postal format prints the street or building first: "4830 Broadway" over "Nashville, TN 37221"
    # is a street, however much it looks like "8001 Zürich".
    for line in lines[1:] if len(lines) > 1 else lines:
        town = town_of(line)
        near = misread_towns(town) if town else []
        accented = _accented_form(town, country, extraction.language)
        if near:
            meant = " or ".join(f"'{name}'" for name in near[:2])
            message = f"the vendor's town reads '{town}', which is no known town: is it {meant}?"
            findings.append(Finding("town_misread", message, ("vendor_address",)))
        elif accented:
            message = (
                f"the vendor's town reads '{town}', which its country writes '{accented}': check its accents"
            )
            findings.append(Finding("town_accent_lost", message, ("vendor_address",)))
    return findings


def _accented_form(town: str | None, country: str | None, language: str | None) -> str | None:
    """The accented spelling of a town printed in title case in its own country's accented language. A
    town in capitals ("75008 PARIS", "ORLEANS CEDEX") is often set without accents on purpose."""
    if not town or not country or language not in ACCENTED_LANGUAGES or town.isupper():
        return None
    return accented_town(town, country)


def _bare_number_line_findings(extraction: Extraction) -> list[Finding]:
    """A vendor address line that is a house number alone ("1980" over "Raleigh, NC 27604"): the street
    beside it was not read."""
    address = extraction.fields.get("vendor_address")
    if address is None or not address.read_by_ocr:
        return []
    bare = [line for line in address.value.split("\n") if _HOUSE_NUMBER_RE.fullmatch(line.strip())]
    if not bare:
        return []
    message = f"the vendor address line '{bare[0].strip()}' is a number alone: its street was not read"
    return [Finding("street_unread", message, ("vendor_address",))]


def _town_for_name_findings(extraction: Extraction) -> list[Finding]:
    """A vendor name that is a town while the vendor's address has no town but that one ("Bristol" over an
    address of "BS13 5UF"): the letterhead's name was not read and the address's town line taken for it.
    (Companies named after a town, "Hansa", print their town in their address.)"""
    name, address = extraction.fields.get("vendor_name"), extraction.value("vendor_address") or ""
    if name is None or not name.read_by_ocr:
        return []
    town = name.value.strip(" ,.")
    if town not in known_towns() or address_towns(address) - {town}:
        return []
    message = f"the vendor name reads '{name.value}', a town, and the address names no other: check the name"
    return [Finding("name_is_town", message, ("vendor_name",))]


def _misread_postcode_findings(extraction: Extraction) -> list[Finding]:
    """A vendor address whose postcode fits no form of its country's ("1518 2JE" in Leeds), or a US one whose
    state is none or whose ZIP code is another state's ("Salt Lake City, UT 64112")."""
    address = extraction.fields.get("vendor_address")
    if address is None or not address.read_by_ocr:
        return []
    countries = address_countries(address.value, extraction.value("vendor_vat_id"))
    fits = postcode_fits(address.value, countries)
    if fits is False:
        names = " or ".join(sorted(COUNTRY_NAMES[country] for country in countries))
        message = f"the vendor address holds no {names} postcode as read: check the postcode on the page"
        return [Finding("postcode_misread", message, ("vendor_address",))]
    mismatch = us_state_zip_mismatch(address.value) if "US" in countries else None
    if mismatch:
        message = f"in the vendor address as read, {mismatch}: check the state and ZIP code on the page"
        return [Finding("postcode_misread", message, ("vendor_address",))]
    return []


def _misread_iban_findings(extraction: Extraction, scanned: Sequence[PageText]) -> list[Finding]:
    """An IBAN printed on the page that no reading of OCR's look-alikes makes pass its check digits (a 6
    read as a 5): the vendor's IBAN was left empty, and on a scan that means misread, not absent."""
    if "vendor_iban" in extraction.fields:
        return []
    for page in scanned:
        # The pattern spans spaces, not line breaks, so each match lies on one printed line.
        for match in _PRINTED_IBAN.finditer(page.text):
            length = iban_length(match.group(1))
            printed = re.sub(r"\s", "", match.group(0))
            if length and abs(len(printed) - length) <= 1 and repair_iban(printed) is None:
                message = (
                    f"an IBAN is printed on page {page.page} ('{match.group(0)}') but fails its check "
                    "digits as read: OCR misread a character; type it from the page"
                )
                return [Finding("iban_misread", message, ("vendor_iban",))]
    return []


def _unread_footer_findings(scanned: Sequence[PageText]) -> list[Finding]:
    """Print in a page's footer that neither OCR pass could read (a fax's blurred small print): the tax
    id or bank details may be there, so a reviewer looks. The read stage records its share of the page."""
    findings = []
    for page in scanned:
        share = float(page.cleanup.get("unread_footer_share", 0.0))
        if share >= UNREAD_FOOTER_SHARE:
            message = (
                f"part of the footer of page {page.page} could not be read; it may hold the tax id or "
                "bank details: compare the fields with the page"
            )
            findings.append(Finding("footer_unread", message))
    return findings


# Characters no name or address is printed with unpaired: OCR's reading of a letter it could not make out
# ("B24 8N)" for "B24 8NJ", "Stra|3e").
_ODD_CHARACTERS = frozenset(")(|}{][<>~^*_=\\")


def _odd_character_findings(extraction: Extraction) -> list[Finding]:
    findings = []
    for name, what in _TEXT_FIELDS.items():
        found = extraction.fields.get(name)
        if found is None or not found.read_by_ocr:
            continue
        odd = next((word for word in found.value.split() if _unpaired_odd_character(word)), None)
        if odd is not None:
            message = f"'{odd}' in the {what} holds a character OCR may have misread: check it"
            findings.append(Finding("ocr_odd_character", message, (name,)))
    return findings


def _unpaired_odd_character(word: str) -> bool:
    odd = [ch for ch in word if ch in _ODD_CHARACTERS]
    paired = word.startswith("(") and word.rstrip(".,;:").endswith(")") and len(odd) == 2
    return bool(odd) and not paired


def _unsure_word_findings(extraction: Extraction, pages: Sequence[PageText]) -> list[Finding]:
    findings = []
    accented = extraction.language in ACCENTED_LANGUAGES
    for name, what in _TEXT_FIELDS.items():
        below = UNSURE_WORD[name] if accented else UNSURE_WORD_ELSEWHERE
        found = extraction.fields.get(name)
        if found is None or not found.read_by_ocr:
            continue
        page = next((p for p in pages if p.page == found.evidence.page), None)
        words = _value_words(page, found.value, found.evidence.box)
        unsure = [w for w in words if w.confidence < below]
        unaccented = [w for w in words if extraction.language == "fr" and _LOST_FRENCH_ACCENT.search(w.text)]
        if unsure:
            word = min(unsure, key=lambda w: w.confidence)
            message = (
                f"'{word.text}' in the {what} was hard to read in the scan (OCR confidence "
                f"{word.confidence:.2f}): check its spelling and accents"
            )
            findings.append(Finding("ocr_word_unsure", message, (name,)))
        elif unaccented:
            word_text = unaccented[0].text
            message = f"'{word_text}' in the {what} lacks the accent French writes on '-ière': check it"
            findings.append(Finding("ocr_accent_lost", message, (name,)))
    return findings


def _value_words(page: PageText | None, value: str, box: tuple[float, float, float, float]) -> list[Word]:
    """The page's words inside the evidence box that are part of the value (a box may take in a
    neighbour's word too)."""
    if page is None:
        return []
    parts = set(value.split())
    return [
        w
        for w in page.words_inside(box)
        if w.text in parts
        and (sum(ch.isalpha() for ch in w.text) >= _MIN_LETTERS or w.confidence < _GUESSED_WORD)
    ]


def _label_without_value_findings(extraction: Extraction, pages: Sequence[PageText]) -> list[Finding]:
    missing = [name for name in _LABELLED_FIELDS if name not in extraction.fields]
    if not missing:
        return []
    layout, hits_by_row = page_labels(pages)
    rows = {row.number: row for row in layout.rows}
    printed: dict[str, str] = {}
    for row_number, hits in hits_by_row.items():
        for hit in hits:
            best = max(score for _, score in hit.fields)
            # "Tax" heading a column of rates says nothing of a tax total; followed by digits it labels a row
            if any(f.startswith("col:") for f, _ in hit.fields) and not _digits_follow(rows[row_number], hit):
                continue
            for name in missing:
                if (
                    name not in printed
                    and hit.quality(name) >= LOOSE_LABEL
                    and hit.quality(name) >= best * hit.match
                ):
                    printed[name] = rows[row_number].text(hit.start, hit.end)
    return [
        Finding(
            "ocr_label_unread",
            f"'{label}' is printed on the scan but no {_LABELLED_FIELDS[name]} was read",
            (name,),
        )
        for name, label in printed.items()
    ]


def _digits_follow(row: Row, hit: LabelHit) -> bool:
    """The next word has a digit: a value, however garbled ("19.0O"), not the next column's heading."""
    return hit.end < len(row.tokens) and any(ch.isdigit() for ch in row.tokens[hit.end].text)
