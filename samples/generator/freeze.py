"""Writes the small frozen evaluation set under samples/frozen/ (committed; regenerate, don't edit).

    python -m samples.generator.freeze            # into samples/frozen
    python -m samples.generator.freeze --out DIR  # somewhere else, e.g. to diff against the committed set

Deterministic: the same generator code always writes the same bytes.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .generate import generate_set

FROZEN_DIR = Path(__file__).resolve().parents[1] / "frozen"
# (split, kind, count, set seed): mostly PDFs and scans, a few photos, both splits. Each part
# has its own seed so a scan never shows the same invoice as a frozen PDF.
PLAN = (
    ("train", "pdf", 16, 2026),
    ("train", "scan", 10, 2027),
    ("train", "photo", 3, 2028),
    ("heldout", "pdf", 6, 2126),
    ("heldout", "scan", 4, 2127),
    ("heldout", "photo", 1, 2128),
)
_SUFFIXES = (".pdf", ".png", ".jpg", ".truth.json")


def freeze(out_dir: Path = FROZEN_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.iterdir():  # a stale document would otherwise linger beside the new set
        if old.name.endswith(_SUFFIXES):
            old.unlink()
    documents = []
    for split, kind, count, seed in PLAN:
        documents += generate_set(out_dir, count=count, seed=seed, split=split, kind=kind, workers=1)
    (out_dir / "README.md").write_text(_readme(documents), encoding="utf-8")
    return documents


def _row(document: Path) -> str:
    truth = json.loads(
        document.with_name(document.name.removesuffix(document.suffix) + ".truth.json").read_text()
    )
    meta, fields = truth["meta"], truth["fields"]
    steps = ", ".join(d["type"] for d in meta["degradations"]) or "-"
    return (
        f"| {document.name} | {meta['split']} | {meta['kind']} | {meta['layout_id']} {meta['layout']} | "
        f"{meta['locale']} | {fields['document_type']} | {meta['pages']} | {len(truth['lines'])} | {steps} |"
    )


def _readme(documents: list[Path]) -> str:
    size = sum(p.stat().st_size for p in documents) + sum(
        p.with_name(p.name.removesuffix(p.suffix) + ".truth.json").stat().st_size for p in documents
    )
    plan = "\n".join(f"| {split} | {kind} | {count} | {seed} |" for split, kind, count, seed in PLAN)
    rows = "\n".join(_row(p) for p in documents)
    return f"""# Frozen synthetic invoices

A fixed set of {len(documents)} generated invoices with exact ground truth (`NAME.truth.json` beside
each document, in the shape of shared/design/fields.md plus a `meta` key that evaluation ignores).
Total size {size / 1e6:.1f} MB. Do not edit these files: regenerate them.

Made with

    .venv/bin/python -m samples.generator.freeze

which calls `generate_set(out_dir, count=N, seed=SEED, split=SPLIT, kind=KIND, workers=1)` for each part:

| split | kind | count | seed |
| --- | --- | --- | --- |
{plan}

Heldout documents use layouts and vendors the train split never contains; do not tune on them.
Scans and photos are single-page images (PNG or JPEG); PDFs are born-digital with a text layer.

| document | split | kind | layout | locale | type | pages | lines | degradations |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
{rows}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=FROZEN_DIR, help="target folder (default: samples/frozen)"
    )
    documents = freeze(parser.parse_args().out)
    print(f"wrote {len(documents)} documents to {parser.parse_args().out}")


if __name__ == "__main__":
    main()
