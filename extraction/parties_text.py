"""What names and addresses look like in print: legal forms, address lines, company footers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.matcher.levenshtein import levenshtein

from extraction.labels import LabelHit
from extraction.layout import Row
from extraction.ocr_repair import substitute_all
from extraction.ocr_text import repair_accents

_LEGAL_FORMS = (
    r"GmbH|AG|KG|KGaA|UG|OHG|GbR|e\.\s?K\.|Inc\.?|LLC|L\.L\.C\.|Ltd\.?|LTD\.?|Limited|LIMITED|"
    r"Corp\.?|Corporation|PLC|plc|LLP|B\.\s?V\.?|BV|N\.\s?V\.?|NV|S\.A\.?|SAS|SASU|SARL|Sarl|EURL|"
    r"S\.p\.A\.?|SpA|S\.r\.l\.?|Srl|Pvt\.?|Oy|AB|ApS|A/S"
)
LEGAL_FORM_RE = re.compile(r"(?<![\w-])(" + _LEGAL_FORMS + r")(?=$|[\s,.;:)])")
_LEGAL_WORD_RE = re.compile(r"^(" + _LEGAL_FORMS + r")[,.;:]*$")
REGISTRY_RE = re.compile(
    r"(?i)\b(capital|RCS|SIRET|SIREN|HRB|HRA|Registergericht|Amtsgericht|Handelsregister|KvK|"
    r"Kamer van Koophandel|registered office|company (no|number|registration)|Siège social|"
    r"Geschäftsführer|Sitz der Gesellschaft|Vorstand|Aufsichtsrat|CIN|Regd\. office)\b"
)
_STREET_WORDS = (
    r"str\.|straße|strasse|street|st|ave|avenue|road|rd|rue|weg|laan|straat|plein|allee|boulevard|bd|"
    r"chemin|place|lane|drive|gasse|platz|ring|koil"
)
STREET_WORD_RE = re.compile(r"(?i)\b(" + _STREET_WORDS + r")\b")
_STREET_RE = re.compile(
    r"(?i:\b(" + _STREET_WORDS + r")\b.*\d|\d.*\b(" + _STREET_WORDS + r")\b)|"  # a number and a street word
    r"^\d+[a-z]?,?\s+[A-Z]\w+|"  # "215 Vine St", "93B Sai Yu Chung"
    r"^[A-Z][\w.\-]+(\s[\w.\-]+)?\s\d+[a-z]?(-\d+)?$"  # "Weena 664", "Uferweg 40-42"
)
_POSTAL_RE = re.compile(
    r"((?<![\w$])\$\d{1,2}\s\d[A-Z]{2}\b|\b[A-Z]{1,2}-\d{4,5}\b|\b\d{4}\s?[A-Z]{2}\b|\b\d{5}\b|\b\d{4}\b|\b\d{3}\s?\d{3}\b|"
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|\b(PO Box|Postfach|BP|Cedex)\b)"
)
_COUNTRIES = frozenset(
    [
        "united states",
        "usa",
        "u.s.a.",
        "united kingdom",
        "uk",
        "germany",
        "deutschland",
        "france",
        "nederland",
        "netherlands",
        "the netherlands",
        "belgium",
        "belgië",
        "belgique",
        "österreich",
        "austria",
        "schweiz",
        "suisse",
        "switzerland",
        "hong kong",
        "india",
        "ireland",
        "italy",
        "italia",
        "spain",
        "españa",
        "luxembourg",
        "denmark",
        "sweden",
        "norway",
        "poland",
        "canada",
        "australia",
    ]
)
# ":" and "«" are how OCR reads the middle dot of a return-address line.
SEPARATORS = frozenset(["-", "–", "—", "|", "·", "•", "/", ":", "«", "»"])
_TITLE_WORDS = frozenset(
    ["invoice", "rechnung", "facture", "factuur", "receipt", "bill", "gutschrift", "avoir", "creditnota"]
)
# What a reviewer's stamp says across a page: nobody's name, wherever OCR puts it.
_STAMP_WORDS = frozenset(
    [
        "paid",
        "bezahlt",
        "betaald",
        "payé",
        "paye",
        "received",
        "eingegangen",
        "erhalten",
        "ontvangen",
        "reçu",
        "recu",
        "copy",
        "kopie",
        "copie",
        "duplicate",
        "duplikat",
        "gebucht",
        "booked",
        "entered",
        "approved",
        "genehmigt",
        "geprüft",
        "geprueft",
        "checked",
        "verified",
        "goedgekeurd",
        "original",
    ]
)
_DOCUMENT_TITLE_RE = re.compile(
    r"(?i)(tax |sales |commercial )?(invoice|credit note|credit memo|debit note|receipt)|"
    r"rechnungskorrektur|gutschrift|facture( d'avoir)?|note de crédit|creditnota|creditfactuur"
)
_BANK_LABEL = r"(bank( name)?|banque|bankverbindung|kreditinstitut|domiciliation|banknaam|account)\s*:?"
_BANK_BEFORE_RE = re.compile(r"(?i)\b" + _BANK_LABEL + r"\s*$")
_BANK_OPENING_RE = re.compile(r"(?i)^" + _BANK_LABEL + r"\s")


def names_a_bank(before: str, text: str) -> bool:
    """ "Bank: Lloyds Bank PLC", "Domiciliation: BNP Paribas": the vendor's bank, not the vendor."""
    return bool(_BANK_BEFORE_RE.search(before) or _BANK_OPENING_RE.match(text))


_CONNECTORS = frozenset(
    ["&", "and", "und", "et", "en", "de", "van", "der", "von", "du", "des", "la", "le", "of"]
)


@dataclass(frozen=True)
class NameSpan:
    row: int
    start: int
    end: int
    text: str


_CONTACT_RE = re.compile(
    r"(?i)\b(tel|tél|phone|fon|fax|mobile|e-?mail|www|http|iban|bic|vat|tva|btw|ust|kvk|siret|rcs)\b|@|\+\d|"
    r"^\s*[a-z]{0,4}\.?:?\s*\(?\d{2,5}\)?[\d\s\-/.]{5,}\d\s*$|"  # "T (101) 555-0176", "0221 123 45 67"
    r"\(\d{3}\)\s?\d{3}-\d{4}\b"  # a North American number with more on its line: "(233) 555-0148 - invoice@"
)


_ATTENTION_RE = re.compile(
    r"(?i)^\s*(attn\b|fao\b|attention\b|z\.\s?hd\.?|zu händen|t\.\s?a\.\s?v\.?|à l'attention|"
    r"a l'attention|abt\.|abteilung\b|dept\.?\s)|"
    r"\b(accounts payable|accounts department|finance department|purchasing department|"
    r"kreditorenbuchhaltung|buchhaltung|rechnungseingang|rechnungsprüfung|crediteurenadministratie|"
    r"financi[eë]le administratie|crediteuren|comptabilité fournisseurs|service comptabilité|"
    r"service achats|comptabilité)\b"
)


def is_legal_form_only(text: str) -> bool:
    """ "KG", "Co. KG", "GmbH & Co. KG", "e.K.": the end of a name wrapped onto its own line."""
    words = [w for w in text.replace("&", " ").split() if w.strip(",.;:")]
    return bool(words) and all(_LEGAL_WORD_RE.match(w) or w.strip(",.").lower() == "co" for w in words)


def is_attention_line(text: str) -> bool:
    """A department or "for the attention of" line: printed in the buyer's block, never its name."""
    return bool(_ATTENTION_RE.search(text))


# A UK postcode as OCR misreads it: "$13 7UR" and "513 7UR" for "S13 7UR", "Bi 4EF" for "B1 4EF",
# "LEl 9SA" for "LE1 9SA".
_UK_POSTCODE_REPAIRS = (
    (re.compile(r"(?<![\w$])[$5](?=\d{1,2}\s\d[A-Z]{2}$)"), "S"),
    (re.compile(r"^(?P<area>[A-Z]{1,2})[il|](?=\s\d[A-Z]{2}$)"), r"\g<area>1"),  # "Bi 4EF", "LEl 9SA"
    # "RGS 4YU", "EHS 7ET": an outward code has a digit, so its last "S" is a 5.
    (re.compile(r"^(?P<area>[A-Z]{1,2})S(?=\s\d[A-Z]{2}$)"), r"\g<area>5"),
    # "OX41TR": the space before the inward code (a digit and two letters) lost.
    (re.compile(r"^(?P<outward>[A-Z]{1,2}\d[A-Z\d]?)(?=\d[A-Z]{2}$)"), r"\g<outward> "),
)


# Address abbreviations whose "l" OCR reads as an "i": "Bidg E" is "Bldg E", "Bivd" is "Blvd".
_ABBREVIATION_REPAIRS = (
    (re.compile(r"\bBidg\b"), "Bldg"),
    (re.compile(r"\bBivd\b"), "Blvd"),
    (re.compile(r"\bFioor\b"), "Floor"),
)


# German street names end in "-straße", whose "ß" OCR reads as a "B" or an "8": "SchillerstraBe". No word
# ends in "straBe" otherwise.
_SHARP_S_REPAIRS = ((re.compile(r"(?<=[Ss]tra)[B8](?=e\b)"), "ß"),)


def repair_postcode_line(line: str) -> str:
    """An address line with OCR's look-alike slips in a UK postcode, a usual abbreviation or a German
    street's "ß" undone."""
    return substitute_all(line, _UK_POSTCODE_REPAIRS + _ABBREVIATION_REPAIRS + _SHARP_S_REPAIRS)


_PHONE_PREFIX_LETTERS = 2  # "T", "Ph": a postcode line has fewer digits or more letters
_PHONE_DIGITS = 8  # digits of a phone number; an address line with as many has a street or town


def is_contact_line(text: str) -> bool:
    """Phone, mail, web, bank or registration details: printed under an address, never part of it.
    A line of digits and punctuation only is a phone number however OCR read its brackets
    ("(650: 555-0150", "-3] 20 703 6952"), or behind a short prefix OCR garbled ("T 1808: 555-0195")."""
    letters = sum(c.isalpha() for c in text)
    phone = letters <= _PHONE_PREFIX_LETTERS and sum(c.isdigit() for c in text) >= _PHONE_DIGITS
    return phone or bool(_CONTACT_RE.search(text))


def is_address_line(text: str) -> bool:
    """A street, a postcode and town, a P.O. box or a country on its own."""
    bare = text.strip(" ,.").lower()
    if bare in _COUNTRIES:
        return True
    return not is_contact_line(text) and bool(_POSTAL_RE.search(text) or _STREET_RE.search(text))


def looks_like_name(text: str) -> bool:
    letters = sum(c.isalpha() for c in text)
    digits = sum(c.isdigit() for c in text)
    words = text.split()
    if letters < 2 or digits > letters / 3 or len(words) > 7:
        return False
    worded = [w.strip("()[]\"'‘’“”,.-") for w in words]
    worded = [w for w in worded if w[:1].isalpha() and w.lower() not in _CONNECTORS]
    if worded and sum(w[0].isupper() for w in worded) < 0.5 * len(worded):
        return False  # a sentence, not a name: names are capitalised word by word
    return not re.search(r"@|www\.|https?:|\.com\b|\.de\b|\.fr\b|\.nl\b", text, re.I)


def trim_name(row: Row, start: int, end: int, hits: list[LabelHit]) -> NameSpan | None:
    """A name inside a phrase: without labels around it, without an address after a separator."""
    start, end = _without_labels(row, start, end, hits)
    end = _before_address(row, start, end)
    while end > start and row.tokens[end - 1].text.lower().strip(",.:") in _TITLE_WORDS:
        end -= 1
    if end <= start:
        return None
    text = row.text(start, end).strip(" ,;:-–")
    if _DOCUMENT_TITLE_RE.fullmatch(text):
        return None  # "CREDIT NOTE", "Tax Invoice": the document's title, nobody's name
    if _is_stamp(text):
        return None  # "ONTVANGEN", "BEZAHLT": a stamp on the page
    return NameSpan(row.number, start, end, text) if looks_like_name(text) else None


def _without_labels(row: Row, start: int, end: int, hits: list[LabelHit]) -> tuple[int, int]:
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start <= start < hit.end:
            start = hit.end
        elif start < hit.start < end and hit.match * max(q for _, q in hit.fields) >= 0.8:
            end = hit.start
    while start < end and not any(c.isalnum() for c in row.tokens[start].text):
        start += 1
    return start, end


def _is_stamp(text: str) -> bool:
    words = [w for w in re.split(r"[^\w]+", text.lower()) if w]
    return bool(words) and all(w in _STAMP_WORDS for w in words)


def has_separator(row: Row, start: int, end: int) -> bool:
    return any(token.text in SEPARATORS for token in row.tokens[start:end])


def address_after_separator(row: Row, start: int, end: int) -> list[str]:
    """ "Uferweg 40 · 63571 Gelnhausen" after a sender's name on its return-address line, as lines."""
    parts: list[list[str]] = [[]]
    for token in row.tokens[start:end]:
        if token.text in SEPARATORS:
            parts.append([])
        else:
            parts[-1].append(token.text)
    lines = [" ".join(p).strip(" ,") for p in parts if p]
    cut = next((i for i, line in enumerate(lines) if is_contact_line(line)), len(lines))
    lines = lines[:cut]  # "… · 6542 WA Nijmegen · +31 43 806 9258": the phone is no part of it
    return lines if any(is_address_line(line) for line in lines) else []


def _before_address(row: Row, start: int, end: int) -> int:
    for index in range(start + 1, end):
        if row.tokens[index].text in SEPARATORS and is_address_line(row.text(index + 1, end)):
            return index
    return end


def name_before_legal_form(row: Row, hits: list[LabelHit]) -> list[NameSpan]:
    """ "… sold by Amazon Web Services, Inc." -> "Amazon Web Services, Inc.": capitalised words before it."""
    found = []
    labelled = {i for h in hits for i in range(h.start, h.end)}
    index = 0
    while index < len(row.tokens):
        if not _LEGAL_WORD_RE.match(row.tokens[index].text) or index == 0:
            index += 1
            continue
        end = index + 1
        while end < len(row.tokens) and _LEGAL_WORD_RE.match(row.tokens[end].text):
            end += 1
        start = _capitalised_run_start(row, index, labelled)
        if start < index:
            text = row.text(start, end).strip(" ,;:")
            if looks_like_name(text):
                found.append(NameSpan(row.number, start, end, text))
        index = end
    return found


def _capitalised_run_start(row: Row, legal_at: int, labelled: set[int]) -> int:
    start = legal_at
    while start > 0 and legal_at - start < 5:
        word = row.tokens[start - 1].text
        if start - 1 in labelled or word.endswith(":") or word.lower().strip(",.") in _TITLE_WORDS:
            break
        if not (word[:1].isupper() or word[:1].isdigit() or word.lower() in _CONNECTORS):
            break
        start -= 1
    while start < legal_at and row.tokens[start].text.lower() in _CONNECTORS:
        start += 1
    return start


# OCR turns specks and rule ends into lone symbols ("+ Energieweg 134") and reads a phone number printed
# beside the town as part of its line ("Phoenix, AZ 85052 + (405) 555-0141").
_TRAILING_PHONE_RE = re.compile(r"\s+(?:\+\s*)?\(?\+?\d{2,5}\)?[\s\-/.]*\d{3}[\d\s\-/.]{3,}\d\s*$")
_NO_WORD_RE = re.compile(r"^[^\w(]+$")


# The word that ends a numbered street line in English addresses; OCR misreads one letter of it
# ("Riverside Orive", "Canal Whart") where the letters look alike.
_STREET_TYPES = ("Drive", "Road", "Street", "Avenue", "Lane", "Wharf", "Close", "Court", "Place", "Square")


def _street_type(word: str) -> str:
    """The street type a word is one misread letter away from, or the word as read."""
    if word in _STREET_TYPES or not word[:1].isupper():
        return word
    near = [kind for kind in _STREET_TYPES if len(kind) == len(word) and levenshtein(kind, word, 1) == 1]
    return near[0] if len(near) == 1 else word


def tidy_ocr_address_line(line: str) -> str:
    """An OCR'd address line without lone symbols at its ends or a phone number after the town."""
    words = line.split()
    while words and _NO_WORD_RE.match(words[0]):
        words.pop(0)
    while words and _NO_WORD_RE.match(words[-1]):
        words.pop()
    if len(words) >= 2 and words[0][:1].isdigit():
        words[-1] = _street_type(words[-1])
    tidy = repair_accents(" ".join(words))
    without_phone = _TRAILING_PHONE_RE.sub("", tidy)
    # Only a phone after an address part: "0221 123 45 67" alone is no address line to shorten.
    return without_phone if without_phone != tidy and any(c.isalpha() for c in without_phone) else tidy
