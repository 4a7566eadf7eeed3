"""Storing and loading the lessons reviewers' corrections teach (the logic is extraction/memory.py)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from extraction.memory import (
    LAYOUT_MATCH,
    Fingerprint,
    Lesson,
    Place,
    VendorKeys,
    fingerprint_from_json,
    fingerprint_to_json,
    first_page_fingerprint,
    layout_similarity,
    learn,
    vendor_keys,
)
from models.db import transaction
from models.pagetext import PageText
from models.tables import VendorLesson

log = logging.getLogger(__name__)

# A vendor has a few dozen lessons at most; its newest this many are plenty to choose from.
_MOST_LESSONS = 500
# Correcting one of these changes who the vendor is: the document's earlier lessons are keyed anew.
_KEY_FIELDS = frozenset({"vendor_vat_id", "vendor_iban", "vendor_name"})


def remember_correction(
    session: Session,
    *,
    document_id: int,
    name: str,
    value: str | None,
    final_values: Mapping[str, str | None],
    actor: str,
    pages: Sequence[PageText],
) -> Lesson | None:
    """Store what a correction teaches and return it (its place says where the value is printed).
    Any correction of a field replaces the older lessons of that field for the same vendor and layout
    (the newest wins; clearing a field just forgets them)."""
    if not pages:
        return None
    keys = vendor_keys(final_values)
    if name in _KEY_FIELDS:
        _rekey(session, document_id, keys)
    try:
        lesson = learn(name, value, pages, final_values, document_id=document_id)
    except Exception:  # a lesson is a bonus: it must never stop a reviewer's correction
        log.exception("could not learn from the correction of %s on document #%s", name, document_id)
        return None
    _forget(session, name, keys, first_page_fingerprint(pages))
    if lesson is None:
        return None
    session.add(_row(lesson, actor))
    return lesson


def lessons_for(session: Session, keys: VendorKeys) -> list[Lesson]:
    """Lessons that may be this vendor's (any key equal), newest first; `extraction.memory` decides."""
    return [_lesson(row) for row in _candidate_rows(session, keys)]


class StoredMemory:
    """The pipeline's view of the stored lessons: loads a vendor's lessons in a short transaction of
    its own when the extractor has said who the vendor is."""

    def __init__(self, sessions: sessionmaker[Session]):
        self._sessions = sessions

    def lessons_for(self, keys: VendorKeys) -> Sequence[Lesson]:
        with transaction(self._sessions) as session:
            return lessons_for(session, keys)


def _candidate_rows(session: Session, keys: VendorKeys) -> list[VendorLesson]:
    conditions = [
        column == key
        for column, key in (
            (VendorLesson.vat_key, keys.vat),
            (VendorLesson.iban_key, keys.iban),
            (VendorLesson.name_key, keys.name),
        )
        if key
    ]
    if not conditions:
        return []
    query = select(VendorLesson).where(or_(*conditions)).order_by(VendorLesson.id.desc()).limit(_MOST_LESSONS)
    return list(session.scalars(query))


def _forget(session: Session, name: str, keys: VendorKeys, layout: Fingerprint) -> None:
    for row in _candidate_rows(session, keys):
        if row.field != name or not _keys(row).same_vendor(keys, ignore=name):
            continue
        if layout_similarity(fingerprint_from_json(row.layout), layout) >= LAYOUT_MATCH:
            session.delete(row)


def _rekey(session: Session, document_id: int, keys: VendorKeys) -> None:
    rows = session.scalars(select(VendorLesson).where(VendorLesson.document_id == document_id))
    for row in rows:
        row.vat_key, row.iban_key, row.name_key = keys.vat, keys.iban, keys.name


def _keys(row: VendorLesson) -> VendorKeys:
    return VendorKeys(vat=row.vat_key, iban=row.iban_key, name=row.name_key)


def _row(lesson: Lesson, actor: str) -> VendorLesson:
    return VendorLesson(
        vat_key=lesson.vendor.vat,
        iban_key=lesson.vendor.iban,
        name_key=lesson.vendor.name,
        field=lesson.field,
        layout=fingerprint_to_json(lesson.layout),
        place=lesson.place.to_json() if lesson.place else None,
        value=lesson.value,
        document_id=lesson.document_id,
        actor=actor[:64],
    )


def _lesson(row: VendorLesson) -> Lesson:
    return Lesson(
        field=row.field,
        vendor=_keys(row),
        layout=fingerprint_from_json(row.layout),
        place=Place.from_json(row.place) if row.place else None,
        value=row.value,
        document_id=row.document_id,
    )
