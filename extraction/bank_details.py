"""A printed BIC read against the IBAN beside it: the bank registry knows which BIC an IBAN's bank code has.

OCR reads "DRESDEFFI96" as "DRESDEFFIS6", "RAIFCH22XXX" as "RAIFCH22 KKK" and "AGRIFRPP817" as
"AGRIPRPPSIT". The look-alike repairs of `ocr_repair` need the registry to know exactly one reading; a
branch of a big bank has registered siblings one digit apart ("DRESDEFFI56"), so they may pick the wrong
one or none. An invoice prints its account's IBAN and BIC together, and the IBAN's check digits confirm
its bank code: a BIC-shaped word within a few characters of that bank code's BIC is that BIC.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from extraction.candidates import Candidate
from extraction.layout import Layout, Row
from extraction.ocr_repair import lookalikes, registered_bic

_CHECKED = 0.9  # an IBAN whose check digits passed, as read or after undoing look-alikes
_MAX_WORDS = 3  # "RAIFCH22 KKK", "DRE SDEFF 445"
_MAX_MISREAD = 3  # characters of an 8 or 11 character BIC that OCR may get wrong
_MAX_MISREAD_BANK = 1  # of them, in the bank and country code (the first six)
_AGREED = 0.95  # a BIC read as the IBAN's bank code says, with some characters misread
_OWN_BRANCH = 0.8  # the bank code's BIC confirmed, the branch read by OCR alone
_CHECKED_FLOOR = 0.6
_PUNCT = ",;:()[]#*\"'."


@lru_cache(maxsize=256)
def bic_of_iban(iban: str) -> str | None:
    """The BIC the bank registry gives the IBAN's bank code ("DRESDEFFI96", "BUUTNL2A"), if any."""
    try:
        bic = IBAN(iban).bic
    except (ValueError, SchwiftyException):
        return None
    return str(bic) if bic is not None else None


def confirm_bics(layout: Layout, candidates: dict[int, list[Candidate]]) -> dict[int, list[Candidate]]:
    """Candidates with every BIC-shaped word that is close to the BIC of a checked IBAN on the page read
    as that BIC; nothing changes on a page without such an IBAN."""
    expected = {
        bic
        for found in candidates.values()
        for c in found
        if c.kind == "iban" and c.clean >= _CHECKED
        for bic in [bic_of_iban(c.value)]
        if bic is not None
    }
    if not expected:
        return candidates
    confirmed = dict(candidates)
    for row in layout.rows:
        if layout.frames[row.page].unit != "px":
            continue  # a text layer prints what it prints: nothing was misread
        agreed = _agreeing_bics(row, expected)
        if agreed:
            spans = [(c.start, c.end) for c in agreed]
            kept = [
                c
                for c in candidates[row.number]
                if not (c.kind in ("bic", "identifier") and any(s < c.end and c.start < e for s, e in spans))
            ]
            confirmed[row.number] = sorted([*kept, *agreed], key=lambda c: (c.start, -c.end))
    return confirmed


def _agreeing_bics(row: Row, expected: set[str]) -> list[Candidate]:
    found: list[Candidate] = []
    start = 0
    while start < len(row.tokens):
        for end in range(min(len(row.tokens), start + _MAX_WORDS), start, -1):
            value = _agreeing_value(row, start, end, expected)
            if value is not None:
                text, clean = value
                confidence = _CHECKED_FLOOR + (1.0 - _CHECKED_FLOOR) * row.confidence(start, end)
                found.append(Candidate("bic", text, row.number, start, end, clean, confidence))
                start = end - 1
                break
        start += 1
    return found


def _agreeing_value(row: Row, start: int, end: int, expected: set[str]) -> tuple[str, float] | None:
    words = [t.text.strip(_PUNCT) for t in row.tokens[start:end]]
    if not all(words) or not all(w.isalnum() for w in words) or not words[0][:4].isalpha():
        return None
    if end - start > 1 and row.segment_of(start) != row.segment_of(end - 1):
        return None
    printed = "".join(words).upper()
    if len(printed) not in (8, 11) or sum(c.isalpha() for c in printed) < 6:
        return None
    if registered_bic(printed):
        # Registered as printed: kept, even where the IBAN's bank code names another branch of its bank.
        close = any(_misread_as(bic[:8], printed[:8]) for bic in expected)
        return (printed, 1.0 if end - start == 1 else _AGREED) if close else None
    for bic in sorted(expected):
        if len(bic) == len(printed) and _misread_as(bic, printed):
            return bic, 1.0 if bic == printed else _AGREED
        if len(bic) == 8 and len(printed) == 11 and _misread_as(bic, printed[:8]):
            return _with_printed_branch(bic, printed[8:])
        if len(bic) == 11 and len(printed) == 8 and _misread_as(bic[:8], printed):
            return bic[:8], 1.0 if bic[:8] == printed else _AGREED  # the head office printed without "XXX"
    return None


def _misread_as(bic: str, printed: str) -> bool:
    """`printed` reads like `bic` with a few characters misread, the bank and country code nearly intact."""
    wrong = [i for i, (a, b) in enumerate(zip(bic, printed, strict=True)) if a != b]
    if sum(i < 6 for i in wrong) > _MAX_MISREAD_BANK:
        return False
    # One more slip is forgiven when every one of them is a usual look-alike ("AGRIPRPPSIT").
    alike = all(printed[i] in lookalikes(bic[i]) or bic[i] in lookalikes(printed[i]) for i in wrong)
    return len(wrong) <= _MAX_MISREAD + alike


def _with_printed_branch(bic: str, branch: str) -> tuple[str, float] | None:
    """The bank code's 8-character BIC and the branch as printed, its look-alikes undone when exactly one
    reading with the fewest of them is registered."""
    if not re.fullmatch(r"[A-Z0-9]{3}", branch):
        return None
    options = [list(dict.fromkeys(c + lookalikes(c))) for c in branch]
    for changes in range(len(branch) + 1):
        found = {
            reading
            for reading in itertools.product(*options)
            if sum(a != b for a, b in zip(reading, branch, strict=True)) == changes
            and registered_bic(bic + "".join(reading))
        }
        if len(found) == 1:
            return bic + "".join(found.pop()), 1.0 if changes == 0 else _OWN_BRANCH
        if found:
            break
    return bic + branch, _OWN_BRANCH * _OWN_BRANCH
