"""Robustness dev set: born-digital invoices drawn with NEW recombinations of the generator's layout
features (fonts, table styles, column sets and orders, totals, sizes, margins, quantity decimals).

The train layouts are a handful of fixed designs, so an extractor can fit them without learning what
holds for invoices in general. Re-mixing their features, with column orders none of them uses
(description before the item code, unit price before quantity, the tax column elsewhere), shows where
extraction depends on one design. Content comes from the train split's vendors; every variant layout
gets an id >= 100 and differs from every generator layout in at least one feature.

    .venv/bin/python -m samples.layout_variants --out /tmp/x --count 150 --seed 25002
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
from collections.abc import Iterator
from pathlib import Path

from samples.generator import content
from samples.generator.generate import GeneratedInvoice, write
from samples.generator.layouts import LAYOUTS, Layout
from samples.generator.render_pdf import render_pdf
from samples.generator.truth import build_truth
from samples.generator.vendors import VENDORS_PER_SPLIT, vendor

FIRST_VARIANT_ID = 100
_FONTS = ("helvetica", "times", "courier", "vera")
_TABLE_STYLES = ("grid", "rules", "zebra", "plain", "band")
_TOTALS = ("right", "full", "boxed", "breakdown")
_FOOTERS = ("columns", "line", "bankbox")
# Optional columns and how often a variant prints them. Quantity is always printed: the scorer
# matches lines on quantity and amount, so a line without one could never count as found.
_OPTIONAL_ODDS = {"pos": 0.5, "sku": 0.6, "unit": 0.5, "price": 0.9, "tax": 0.4, "po_line": 0.25}


def _features(lay: Layout) -> tuple:
    """Everything that shapes the page, without the id, name and split."""
    values = dataclasses.asdict(lay)
    return tuple(v for k, v in values.items() if k not in ("layout_id", "name", "split"))


def _column_order(rng: random.Random) -> tuple[str, ...]:
    """Orders real tables use, including ones no train layout has: the position number first, item
    codes before or after the description, quantity/unit/price/tax in any order (a unit column beside
    the quantity), and the amount last (the renderer carries page sums forward in the last column)."""

    def wanted(key: str) -> bool:
        return rng.random() < _OPTIONAL_ODDS[key]

    codes = [key for key in ("po_line", "sku") if wanted(key)]
    rng.shuffle(codes)
    text = [*codes, "desc"] if rng.random() < 0.6 else ["desc", *codes]
    quantity = ["qty"]
    if wanted("unit"):
        quantity = ["qty", "unit"] if rng.random() < 0.75 else ["unit", "qty"]
    numbers = [quantity, *[[key] for key in ("price", "tax") if wanted(key)]]
    rng.shuffle(numbers)
    first = ["pos"] if wanted("pos") else []
    return (*first, *text, *[key for group in numbers for key in group], "amount")


def random_layout(layout_id: int, rng: random.Random) -> Layout:
    return Layout(
        layout_id=layout_id,
        name=f"variant-{layout_id}",
        font=rng.choice(_FONTS),
        header=rng.choice(("left", "right", "centered", "band")),
        title_align=rng.choice(("left", "right", "center")),
        title_size=float(rng.choice((14, 16, 18, 20, 22, 24, 28))),
        meta=rng.choice(("kv", "boxrow", "stacked")),
        meta_side=rng.choice(("right", "left", "full")),
        buyer_side=rng.choice(("left", "right")),
        table=rng.choice(_TABLE_STYLES),
        columns=_column_order(rng),
        totals=rng.choice(_TOTALS),
        footer=rng.choice(_FOOTERS),
        sender_line=rng.random() < 0.3,
        ship_to=rng.random() < 0.2,
        qty_decimals=rng.choice((None, None, 2, 3)),
        base_size=rng.choice((7.5, 8.0, 8.5, 9.0, 9.5, 10.0, 10.5)),
        margin=float(rng.choice((36, 42, 50, 56, 60, 70))),
        split="variant",
    )


def variant_layouts(count: int, seed: int) -> list[Layout]:
    """`count` distinct layouts, none equal in features to a generator layout."""
    rng = random.Random(f"layout-variants/{seed}")
    taken = {_features(lay) for lay in LAYOUTS}
    result: list[Layout] = []
    while len(result) < count:
        lay = random_layout(FIRST_VARIANT_ID + len(result), rng)
        if _features(lay) not in taken:
            taken.add(_features(lay))
            result.append(lay)
    return result


def generate_variant(seed: int, lay: Layout) -> GeneratedInvoice:
    """One train-split invoice (content fixed by seed) drawn with a variant layout."""
    rng = random.Random(f"variant-invoice/{seed}")
    seller = vendor("train", rng.randrange(VENDORS_PER_SPLIT["train"]))
    invoice = content.compose(dataclasses.replace(seller, layout_id=lay.layout_id), rng)
    rendered = render_pdf(invoice, lay)
    name = f"var-{lay.layout_id}-{seed}-pdf"
    meta = {
        "generator": 1, "seed": seed, "split": "variant", "kind": "pdf", "vendor_id": seller.vendor_id,
        "layout_id": lay.layout_id, "layout": lay.name, "locale": seller.locale.code,
        "variant": dataclasses.asdict(lay), "pages": rendered.pages,
        "page_size_pt": list(rendered.page_size), "degradations": [],
    }  # fmt: skip
    return GeneratedInvoice(name, rendered.data, ".pdf", build_truth(name + ".pdf", invoice, rendered, meta))


def generate_variants(count: int, seed: int, docs_per_layout: int = 2) -> Iterator[GeneratedInvoice]:
    layouts = variant_layouts((count + docs_per_layout - 1) // docs_per_layout, seed)
    for index in range(count):
        yield generate_variant(seed * 1_000_000 + index, layouts[index // docs_per_layout])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--per-layout", type=int, default=2, help="documents drawn with each variant layout")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for generated in generate_variants(args.count, args.seed, args.per_layout):
        write(generated, args.out)
    layouts = variant_layouts((args.count + args.per_layout - 1) // args.per_layout, args.seed)
    listing = [dataclasses.asdict(lay) for lay in layouts]
    (args.out / "layouts.json").write_text(json.dumps(listing, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
