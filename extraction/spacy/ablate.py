"""`invoice-capture evaluate` with the trained model switched off, to measure what it adds.

    python -m extraction.spacy.ablate evaluate DIR --json OUT.json --against WITH_MODEL.json

Same arguments as `invoice-capture`; the pipeline's extract stage runs with `use_ner=False`. The pool's
worker processes are forked, so they inherit the switch.
"""

from __future__ import annotations

import sys
from functools import partial

import capture.pipeline
from capture.cli import main
from extraction.extract import extract_fields


def without_model(argv: list[str] | None = None) -> int:
    capture.pipeline.extract_fields = partial(extract_fields, use_ner=False)
    return main(argv)


if __name__ == "__main__":
    sys.exit(without_model())
