"""A flatbed or sheet-feed scan of a born-digital page: skew, blur, noise, uneven light,
JPEG artefacts, fax-style binarisation, stamps and pen marks. Pixels change, words never do."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

import cv2
import numpy as np

from . import marks, raster
from .pdf_pen import Box


@dataclass(frozen=True)
class Raster:
    data: bytes
    suffix: str  # .png | .jpg
    dpi: int
    size: tuple[int, int]  # width, height in pixels
    degradations: tuple[dict, ...]


def scale_boxes(boxes: list[Box], dpi: int, pad: float = 6.0) -> list[Box]:
    factor = dpi / 72
    return [
        (b[0] * factor - pad, b[1] * factor - pad, b[2] * factor + pad, b[3] * factor + pad) for b in boxes
    ]


def apply_marks(page: np.ndarray, keep_clear: list[Box], dpi: int, language: str, issue: dt.date,
                rng: random.Random, stamp_p: float, pen_p: float) -> list[dict]:  # fmt: skip
    applied = []
    if rng.random() < stamp_p:
        applied.append(marks.add_stamp(page, keep_clear, dpi, marks.stamp_text(language, issue, rng), rng))
    if rng.random() < pen_p:
        applied.append(marks.add_pen_mark(page, keep_clear, dpi, rng))
    return [a for a in applied if a]


def lighting_field(shape: tuple[int, int], strength: float, rng: random.Random) -> np.ndarray:
    """A smooth multiplicative light field: a ramp in a random direction plus a soft hot spot."""
    height, width = shape
    angle = rng.uniform(0, 2 * math.pi)
    ys = np.linspace(-0.5, 0.5, height, dtype=np.float32)[:, None]
    xs = np.linspace(-0.5, 0.5, width, dtype=np.float32)[None, :]
    ramp = xs * math.cos(angle) + ys * math.sin(angle)
    cx, cy = rng.uniform(-0.3, 0.3), rng.uniform(-0.3, 0.3)
    spot = np.exp(-((xs - cx) ** 2 + (ys - cy) ** 2) / 0.18)
    return (1.0 - strength * (ramp + 0.5) * 0.8 + strength * 0.25 * spot).astype(np.float32)


def _rotate(page: np.ndarray, angle: float, border: int) -> np.ndarray:
    height, width = page.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    value = (border,) * (3 if page.ndim == 3 else 1)
    return cv2.warpAffine(page, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=value)


def _photometric(page: np.ndarray, mode: str, rng: random.Random, np_rng: np.random.Generator,
                 applied: list[dict]) -> np.ndarray:  # fmt: skip
    """Paper tone, light and sensor noise in one float pass, then back to bytes.

    A lossless (PNG) scan comes from a scanner that removes the paper background, so it gets
    little noise and a white page; JPEG and fax scans get the full range."""
    pixels = page.astype(np.float32)
    tone = rng.uniform(0.9, 1.0)
    field = np.float32(tone)
    if rng.random() < (0.1 if mode == "png" else 0.45):
        strength = rng.uniform(0.08, 0.25)
        field = field * lighting_field(page.shape[:2], strength, rng)
        applied.append({"type": "uneven_lighting", "strength": round(strength, 3)})
    pixels *= field if page.ndim == 2 or np.ndim(field) == 0 else field[..., None]
    sigma = rng.uniform(1.0, 3.0) if mode == "png" else rng.uniform(2.0, 9.0)
    grain = np_rng.normal(0.0, sigma, page.shape[:2]).astype(np.float32)
    pixels += grain if page.ndim == 2 else grain[..., None]  # the same grain in every channel
    applied += [{"type": "paper_tone", "level": round(tone, 3)}, {"type": "noise", "sigma": round(sigma, 2)}]
    if mode == "png":
        paper = 255 * tone * (1 - 0.25 * (np.ndim(field) > 0))
        pixels[pixels > paper - 3 * sigma - 10] = 255
        applied.append({"type": "background_removal"})
    return np.clip(pixels, 0, 255).astype(np.uint8)


def _turn(page: np.ndarray, rng: random.Random, applied: list[dict]) -> np.ndarray:
    if rng.random() < 0.07:
        quarter = rng.choice((1, 2, 3))
        applied.append({"type": "turn", "degrees": 90 * quarter})
        return np.ascontiguousarray(np.rot90(page, k=quarter))
    return page


def _encode(
    page: np.ndarray, mode: str, dpi: int, rng: random.Random, applied: list[dict]
) -> tuple[bytes, str]:
    if mode == "fax":
        level = rng.randint(140, 175)
        grey = page if page.ndim == 2 else cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
        applied.append({"type": "binarise", "threshold": level})
        return raster.to_bilevel_png(np.where(grey > level, 255, 0).astype(np.uint8), dpi), ".png"
    if mode == "jpeg":
        quality = rng.randint(55, 85)
        applied.append({"type": "jpeg", "quality": quality})
        return raster.encode(page, "jpeg", dpi, quality), ".jpg"
    return raster.encode(page, "png", dpi), ".png"


def scan(pdf: bytes, key_boxes: list[Box], language: str, issue: dt.date, rng: random.Random) -> Raster:
    mode = rng.choices(("png", "jpeg", "fax"), weights=(40, 45, 15))[0]
    dpi = rng.choice((150, 200, 200, 240, 300)) if mode != "fax" else rng.choice((150, 200))
    color = mode != "fax" and rng.random() < (0.1 if mode == "png" else 0.3)
    np_rng = np.random.default_rng(rng.getrandbits(64))
    page = raster.render_page(pdf, dpi, color)
    applied = apply_marks(page, scale_boxes(key_boxes, dpi), dpi, language, issue, rng, 0.35, 0.25)
    if rng.random() < 0.5:
        sigma = rng.uniform(0.4, 1.1) * dpi / 200
        page = cv2.GaussianBlur(page, (0, 0), sigma)
        applied.append({"type": "blur", "sigma": round(sigma, 2)})
    if rng.random() < 0.85:
        angle = max(-4.0, min(4.0, rng.gauss(0, 1.4)))
        page = _rotate(page, angle, rng.choice((255, 235, 60)))
        applied.append({"type": "rotate", "degrees": round(angle, 2)})
    if mode == "png" and rng.random() < 0.25:
        quality = rng.randint(30, 60)  # a scan that once went through JPEG (e-mail, a copier's PDF)
        page = raster.jpeg_roundtrip(page, quality)
        applied.append({"type": "jpeg_artefacts", "quality": quality})
    page = _photometric(page, mode, rng, np_rng, applied)
    page = _turn(page, rng, applied)
    data, suffix = _encode(page, mode, dpi, rng, applied)
    return Raster(data, suffix, dpi, (page.shape[1], page.shape[0]), tuple(applied))
