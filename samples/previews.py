"""Render a few generated invoices to PNG for people to look at (the README's samples).

python -m samples.previews docs/        # docs/sample-pdf.png, -scan.png, -photo.png
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
import pypdfium2

from samples.generator import generate_one

# Seeds chosen to show three locales and three layouts; any seed works.
PREVIEWS = (("pdf", 45, "train"), ("scan", 7, "heldout"), ("photo", 44, "train"))
LONGEST_SIDE = 1000


def preview_image(kind: str, seed: int, split: str) -> np.ndarray:
    invoice = generate_one(seed, split=split, kind=kind)
    if invoice.suffix == ".pdf":
        pdf = pypdfium2.PdfDocument(invoice.data)
        image = np.asarray(pdf[0].render(scale=150 / 72).to_pil().convert("RGB"))[:, :, ::-1]
        pdf.close()
    else:
        image = cv2.imdecode(np.frombuffer(invoice.data, np.uint8), cv2.IMREAD_COLOR)
    factor = LONGEST_SIDE / max(image.shape[:2])
    if factor < 1:
        image = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    return image


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for kind, seed, split in PREVIEWS:
        target = out_dir / f"sample-{kind}.png"
        cv2.imwrite(str(target), preview_image(kind, seed, split), [cv2.IMWRITE_PNG_COMPRESSION, 9])
        print(target)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
