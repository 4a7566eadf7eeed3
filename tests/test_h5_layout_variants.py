"""The robustness dev set's layouts: new ids, new feature combinations, tables the renderer can draw."""

from __future__ import annotations

from samples.generator.layouts import LAYOUTS
from samples.layout_variants import FIRST_VARIANT_ID, _features, generate_variant, variant_layouts


def test_variant_layouts_are_new_combinations_with_new_ids():
    layouts = variant_layouts(40, seed=25099)
    assert [lay.layout_id for lay in layouts] == list(range(FIRST_VARIANT_ID, FIRST_VARIANT_ID + 40))
    known = {_features(lay) for lay in LAYOUTS}
    assert all(_features(lay) not in known for lay in layouts)
    assert len({_features(lay) for lay in layouts}) == 40


def test_variant_tables_keep_quantity_and_amount_last():
    for lay in variant_layouts(40, seed=25098):
        assert "qty" in lay.columns and "desc" in lay.columns
        assert lay.columns[-1] == "amount"


def test_a_variant_invoice_comes_with_truth_naming_its_layout():
    lay = variant_layouts(1, seed=25097)[0]
    invoice = generate_variant(25097, lay)
    assert invoice.data.startswith(b"%PDF")
    assert invoice.truth["meta"]["layout_id"] == lay.layout_id
    assert invoice.truth["lines"] and all("amount" in line for line in invoice.truth["lines"])
