"""A phone photo of a paper invoice: the page on a darker desk, in perspective, under uneven
light and a shadow, slightly out of focus, saved as JPEG."""

from __future__ import annotations

import datetime as dt
import random

import cv2
import numpy as np

from . import raster
from .pdf_pen import Box
from .scan import Raster, apply_marks, lighting_field, scale_boxes

_DESKS = ((92, 64, 44), (60, 58, 62), (120, 100, 80), (35, 38, 45), (140, 120, 95), (70, 80, 70))


def _desk(shape: tuple[int, int], rng: random.Random, np_rng: np.random.Generator) -> np.ndarray:
    """A dark surface with low-frequency blotches and fine grain, drawn small and scaled up (cheap)."""
    height, width = shape
    base = np.array(rng.choice(_DESKS), dtype=np.float32)
    blotches = cv2.resize(np_rng.normal(1.0, 0.08, (6, 5)).astype(np.float32), (width, height))
    grain = cv2.resize(np_rng.normal(1.0, 0.05, (height // 8, 3)).astype(np.float32), (width, height))
    return base[None, None, :] * (blotches * grain)[..., None]


def _quad(width: int, height: int, out: tuple[int, int], rng: random.Random) -> np.ndarray:
    """Where the page's corners land: centred, turned a little, each corner pushed independently."""
    out_w, out_h = out
    cx, cy = out_w / 2 + rng.uniform(-0.03, 0.03) * out_w, out_h / 2 + rng.uniform(-0.03, 0.03) * out_h
    angle = np.deg2rad(rng.uniform(-6, 6))
    corners = np.array(
        [
            [-width / 2, -height / 2],
            [width / 2, -height / 2],
            [width / 2, height / 2],
            [-width / 2, height / 2],
        ],
        dtype=np.float32,
    )
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]], dtype=np.float32)
    squeeze = rng.uniform(0.0, 0.08)  # the far edge looks shorter when the phone is tilted
    corners[:2, 0] *= 1 - squeeze
    jitter = np.array(
        [[rng.uniform(-0.025, 0.025) * width, rng.uniform(-0.02, 0.02) * height] for _ in range(4)]
    )
    return (corners @ rotation.T + jitter + np.array([cx, cy])).astype(np.float32)


def _shadow(shape: tuple[int, int], rng: random.Random) -> np.ndarray:
    """A soft shadow, as of the phone or a hand, across one side of the picture."""
    height, width = shape
    small = np.ones((height // 8, width // 8), dtype=np.float32)
    centre = (rng.randint(0, width // 8), rng.choice((0, height // 8)))
    axes = (rng.randint(width // 24, width // 10), rng.randint(height // 24, height // 10))
    cv2.ellipse(small, centre, axes, rng.uniform(0, 180), 0, 360, 1 - rng.uniform(0.2, 0.4), -1)
    return cv2.resize(cv2.GaussianBlur(small, (0, 0), 12), (width, height))


def photo(pdf: bytes, key_boxes: list[Box], language: str, issue: dt.date, rng: random.Random) -> Raster:
    dpi = rng.choice((130, 150, 170))
    np_rng = np.random.default_rng(rng.getrandbits(64))
    page = raster.render_page(pdf, dpi, color=True)
    applied = apply_marks(page, scale_boxes(key_boxes, dpi), dpi, language, issue, rng, 0.3, 0.2)
    height, width = page.shape[:2]
    out = (int(width * rng.uniform(1.12, 1.3)), int(height * rng.uniform(1.08, 1.18)))
    quad = _quad(width, height, out, rng)
    src = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, quad)
    warped = cv2.warpPerspective(page, matrix, out, flags=cv2.INTER_LINEAR).astype(np.float32)
    mask = cv2.warpPerspective(np.full((height, width), 255, np.uint8), matrix, out).astype(np.float32) / 255
    drop = cv2.GaussianBlur(np.roll(mask, (12, 8), axis=(0, 1)), (0, 0), 10)  # the page's own shadow
    desk = _desk((out[1], out[0]), rng, np_rng) * (1 - 0.45 * drop[..., None])
    pixels = desk * (1 - mask[..., None]) + warped * mask[..., None]
    applied.append({"type": "perspective", "corners": [[round(float(v), 1) for v in p] for p in quad]})
    light = lighting_field((out[1], out[0]), rng.uniform(0.15, 0.35), rng) * _shadow((out[1], out[0]), rng)
    cast = np.array([rng.uniform(0.94, 1.06) for _ in range(3)], dtype=np.float32)
    pixels = pixels * light[..., None] * cast[None, None, :]
    applied += [
        {"type": "uneven_lighting"},
        {"type": "shadow"},
        {"type": "colour_cast", "rgb": cast.round(3).tolist()},
    ]
    pixels = cv2.GaussianBlur(pixels, (0, 0), rng.uniform(0.5, 1.2))
    pixels += np_rng.normal(0, rng.uniform(2.5, 6.0), pixels.shape[:2]).astype(np.float32)[..., None]
    quality = rng.randint(68, 86)
    applied += [{"type": "blur"}, {"type": "noise"}, {"type": "jpeg", "quality": quality}]
    image = np.clip(pixels, 0, 255).astype(np.uint8)
    # Phones write 72 dpi whatever the page resolution; meta keeps the real page scale.
    return Raster(raster.encode(image, "jpeg", 72, quality), ".jpg", dpi, out, tuple(applied))
