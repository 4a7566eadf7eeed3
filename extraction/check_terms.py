"""Check that the printed payment terms agree with the two dates: due date = issue date + the terms' days.

A wrong issue date is the usual cause when they disagree: the delivery date or the tax point printed
beside it was taken instead. The terms are read only when they say plainly how many days ("Net 30",
"zahlbar innerhalb 14 Tagen", "30 jours"); terms counted from the end of the month are left alone.
"""

from __future__ import annotations

import datetime as dt
import re

from models.extraction import Extraction, Finding

_DAY_WORDS = r"(?:days?|tagen?|jours?|dagen|dag|d)\b"
_DAYS_RE = re.compile(rf"(?i)(?:\b(?:net|netto)\s*(\d{{1,3}})\b|\b(\d{{1,3}})\s*{_DAY_WORDS})")
# Counted from the end of the month or another event: the due date cannot be derived from the issue date.
_NOT_FROM_ISSUE = re.compile(
    r"(?i)(end of (?:the )?month|\beom\b|fin de mois|monatsende|ende des monats|einde (?:van de )?maand|"
    r"after (?:delivery|receipt of goods)|nach (?:lieferung|erhalt der ware)|après livraison|na levering)"
)
_IMMEDIATE = re.compile(
    r"(?i)\b(immediately|upon receipt|on receipt|due on receipt|sofort|à réception|dès réception|"
    r"comptant|direct|per omgaande|bij ontvangst)\b"
)


def term_days(terms: str) -> frozenset[int] | None:
    """The day counts the terms allow (a discount and a net period give two), or None when not plain."""
    if _NOT_FROM_ISSUE.search(terms):
        return None
    days = {int(a or b) for a, b in _DAYS_RE.findall(terms)}
    if _IMMEDIATE.search(terms):
        days.add(0)
    return frozenset(days) or None


def terms_findings(extraction: Extraction) -> list[Finding]:
    issue, due, terms = (extraction.value(n) for n in ("issue_date", "due_date", "payment_terms"))
    if issue is None or due is None or terms is None:
        return []
    days = term_days(terms)
    if days is None:
        return []
    try:
        gap = (dt.date.fromisoformat(due) - dt.date.fromisoformat(issue)).days
    except ValueError:
        return []  # a date that is not ISO is reported by its own field, not here
    if gap in days:
        return []
    allowed = " or ".join(str(d) for d in sorted(days))
    message = (
        f"the terms '{terms}' give {allowed} days, but the due date {due} is {gap} days after "
        f"the issue date {issue}"
    )
    return [Finding("terms_mismatch", message, ("issue_date", "due_date", "payment_terms"))]
