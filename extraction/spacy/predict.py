"""The shipped pipeline's entities on a layout, as token ranges of its rows.

Loaded once per process from the repository (`extraction/spacy/model/`), lazily: a run that never asks
for it never pays its load time. Without a model on disk there is simply no prediction.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from extraction.layout import Layout
from extraction.spacy.text import RowSpan, layout_text, row_spans

MODEL_DIR = Path(__file__).with_name("model")


@lru_cache(maxsize=2)
def load_pipeline(path: Path = MODEL_DIR) -> Language | None:
    return spacy.load(path) if (path / "meta.json").exists() else None


def predict_entities(layout: Layout, model: Path = MODEL_DIR) -> list[RowSpan]:
    nlp = load_pipeline(model)
    if nlp is None or not layout.rows:
        return []
    text = layout_text(layout)
    doc = nlp(text.text)
    return [span for ent in doc.ents for span in row_spans(text, ent.label_, ent.start_char, ent.end_char)]
