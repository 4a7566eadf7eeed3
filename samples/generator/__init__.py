"""Synthetic supplier invoices with exact ground truth: born-digital PDFs, scans and photos.

    from samples.generator import generate_one, generate_set
    invoice = generate_one(7, kind="scan")          # in memory: .data, .suffix, .truth
    paths = generate_set(Path("out"), count=500, seed=1, kind="mixed", workers=2)

See samples/generator/README.md for layouts, locales and what the truth contains.
"""

from .generate import GeneratedInvoice, generate_one, generate_set

__all__ = ["GeneratedInvoice", "generate_one", "generate_set"]
