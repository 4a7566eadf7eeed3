"""The training workflow: generate TRAIN-split invoices, convert to DocBin, train, evaluate, save.

    python -m extraction.spacy.train --out extraction/spacy/model --count 400 --seed 500000

Document seeds are seed, seed+1, ... seed+count-1; keep them clear of the evaluation sets
(`generate_set(seed=s)` uses s * 1_000_000 + i, so 500000-501000 never meets a set seed below 500).
The last fifth of the documents is the dev part, used for early stopping and the reported scores.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

import spacy
from spacy.cli.train import train as spacy_train
from spacy.tokens import DocBin

from extraction.spacy.corpus import Example, examples

CONFIG = Path(__file__).with_name("config.cfg")


def to_docbin(items: list[Example], path: Path) -> int:
    """Write examples as spaCy docs; entities that do not fall on token boundaries are widened to them."""
    nlp = spacy.blank("xx")
    docs = DocBin()
    for item in items:
        doc = nlp.make_doc(item.text)
        spans = [doc.char_span(a, b, label=label, alignment_mode="expand") for a, b, label in item.entities]
        doc.ents = [span for span in spans if span is not None]
        docs.add(doc)
    docs.to_disk(path)
    return len(items)


def train_model(out: Path, *, count: int, seed: int, max_steps: int | None = None) -> dict:
    """Train on `count` generated invoices and save the best pipeline to `out`; returns the dev scores."""
    items = list(examples(range(seed, seed + count)))
    cut = max(1, len(items) * 4 // 5)
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        to_docbin(items[:cut], work_dir / "train.spacy")
        to_docbin(items[cut:] or items[:1], work_dir / "dev.spacy")
        overrides = {"paths.train": str(work_dir / "train.spacy"), "paths.dev": str(work_dir / "dev.spacy")}
        if max_steps is not None:
            overrides |= {"training.max_steps": max_steps, "training.eval_frequency": max(1, max_steps)}
        spacy_train(CONFIG, work_dir / "output", overrides=overrides)
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(work_dir / "output" / "model-best", out)
    scores = evaluate(out, items[cut:])
    scores |= {"train_docs": cut, "dev_docs": len(items) - cut, "seeds": [seed, seed + count - 1]}
    (out / "scores.json").write_text(json.dumps(scores, indent=2) + "\n")
    return scores


def evaluate(model: Path, items: list[Example]) -> dict:
    """Entity precision, recall and F1 on held-back examples, overall and per label."""
    nlp = spacy.load(model)
    from spacy.training import Example as SpacyExample

    gold = [
        SpacyExample.from_dict(nlp.make_doc(item.text), {"entities": list(item.entities)}) for item in items
    ]
    scores = nlp.evaluate(gold) if gold else {}
    per_type = scores.get("ents_per_type") or {}
    return {
        "ents_f": round(scores.get("ents_f") or 0.0, 3),
        "per_type": {label: {k: round(v, 3) for k, v in s.items()} for label, s in per_type.items()},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("model"))
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=500000)
    parser.add_argument("--max-steps", type=int, default=None, help="stop early (tests, quick trials)")
    args = parser.parse_args(argv)
    print(
        json.dumps(
            train_model(args.out, count=args.count, seed=args.seed, max_steps=args.max_steps), indent=2
        )
    )


if __name__ == "__main__":
    main()
