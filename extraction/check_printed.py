"""Check that an IBAN printed on the page was read: an optional field that is simply absent would
otherwise let an invoice through without the account the payment goes to.

A text layer can interleave the characters of two footer columns ("IBnAgN.d: eDE76 4205 …"), which
hides the IBAN from the word-based extractor but not from a search of the page's text; the checksum
keeps this from firing on anything that merely looks like an account number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from models.extraction import Extraction, Finding
from models.pagetext import PageText

# Country, check digits, then groups of four (spaced or not) and a short tail.
_IBAN_LIKE = re.compile(r"(?<![A-Z])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}")


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


def printed_findings(extraction: Extraction, pages: Sequence[PageText] = ()) -> list[Finding]:
    if not pages or "vendor_iban" in extraction.fields:
        return []
    ibans = printed_ibans(pages)
    if not ibans:
        return []
    message = f"an IBAN ({ibans[0]}) is printed but no vendor IBAN was read"
    return [Finding("iban_printed_unread", message, ("vendor_iban",))]
