"""Things people put on paper invoices: inked stamps ('PAID', 'RECEIVED' with a date) and pen
marks. They go where no key value was printed, so the ground truth stays readable and exact."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import cv2
import numpy as np
import reportlab
from PIL import Image, ImageDraw, ImageFont

from .pdf_pen import Box

_FONT = Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"
_WORDS = {
    "en": ("PAID", "RECEIVED", "ENTERED", "APPROVED"),
    "de": ("BEZAHLT", "EINGEGANGEN", "GEBUCHT", "GEPRÜFT"),
    "fr": ("PAYÉ", "REÇU LE", "COMPTABILISÉ"),
    "nl": ("BETAALD", "ONTVANGEN", "GEBOEKT"),
}
_INKS = ((200, 35, 40), (30, 60, 170), (20, 110, 60), (90, 30, 120))


def stamp_text(language: str, issue: dt.date, rng: random.Random) -> tuple[str, str]:
    word = rng.choice(_WORDS[language])
    day = issue + dt.timedelta(days=rng.randint(2, 25))
    return word, day.strftime("%d %b %Y").upper() if language == "en" else day.strftime("%d.%m.%Y")


def _stamp_image(
    word: str, date: str, scale: float, ink: tuple[int, int, int], rng: random.Random
) -> Image.Image:
    """A rubber stamp: double frame, big word, date line; RGBA with patchy ink."""
    big = ImageFont.truetype(str(_FONT), int(34 * scale))
    small = ImageFont.truetype(str(_FONT), int(17 * scale))
    width = int(max(big.getlength(word), small.getlength(date)) + 40 * scale)
    height = int(86 * scale)
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    line = max(2, int(3 * scale))
    draw.rounded_rectangle(
        (2, 2, width - 3, height - 3), radius=int(8 * scale), outline=(*ink, 255), width=line
    )
    inset = int(7 * scale)
    draw.rounded_rectangle(
        (inset, inset, width - inset, height - inset),
        radius=int(5 * scale),
        outline=(*ink, 255),
        width=max(1, line // 2),
    )
    draw.text((width / 2, height * 0.40), word, font=big, fill=(*ink, 255), anchor="mm")
    draw.text((width / 2, height * 0.76), date, font=small, fill=(*ink, 255), anchor="mm")
    alpha = np.asarray(image)[..., 3].astype(np.float32)
    patchy = np.random.default_rng(rng.getrandbits(32)).uniform(0.45, 1.0, alpha.shape[:2]).astype(np.float32)
    patchy = cv2.GaussianBlur(patchy, (0, 0), 2.0 * scale)
    pixels = np.asarray(image).copy()
    pixels[..., 3] = np.clip(alpha * patchy * rng.uniform(0.7, 0.95), 0, 255).astype(np.uint8)
    return Image.fromarray(pixels).rotate(
        rng.uniform(-18, 18), expand=True, resample=Image.Resampling.BICUBIC
    )


def _free_spot(size: tuple[int, int], shape: tuple[int, int], keep_clear: list[Box], rng: random.Random):
    """Top-left corner where a size=(w, h) patch overlaps no key box, or None after a few tries."""
    height, width = shape
    w, h = size
    for _ in range(40):
        x, y = (
            rng.randint(0, max(0, width - w)),
            rng.randint(int(height * 0.08), max(1, int(height * 0.85) - h)),
        )
        if all(x + w < b[0] or x > b[2] or y + h < b[1] or y > b[3] for b in keep_clear):
            return x, y
    return None


def _blend(page: np.ndarray, patch: np.ndarray, x: int, y: int) -> None:
    """Multiply ink onto the paper (ink darkens, never lightens) in place."""
    h, w = patch.shape[:2]
    region = page[y : y + h, x : x + w].astype(np.float32)
    alpha = patch[..., 3:4].astype(np.float32) / 255.0
    ink = patch[..., :3].astype(np.float32)
    if page.ndim == 2:
        ink, alpha, region = ink.mean(axis=2, keepdims=True), alpha, region[..., None]
    mixed = region * (1 - alpha) + np.minimum(region, ink) * alpha
    page[y : y + h, x : x + w] = (
        mixed.squeeze(-1).astype(np.uint8) if page.ndim == 2 else mixed.astype(np.uint8)
    )


def add_stamp(page: np.ndarray, keep_clear: list[Box], dpi: int, text: tuple[str, str], rng: random.Random):
    ink = rng.choice(_INKS)
    patch = np.asarray(_stamp_image(*text, scale=dpi / 150, ink=ink, rng=rng))
    spot = _free_spot((patch.shape[1], patch.shape[0]), page.shape[:2], keep_clear, rng)
    if spot is None:
        return None
    _blend(page, patch, *spot)
    return {"type": "stamp", "text": " ".join(text), "ink": list(ink), "at": list(spot)}


def add_pen_mark(page: np.ndarray, keep_clear: list[Box], dpi: int, rng: random.Random):
    """A tick, a scribbled initial or a squiggle in ballpoint blue."""
    scale = dpi / 150
    w, h = int(rng.uniform(80, 200) * scale), int(rng.uniform(30, 70) * scale)
    spot = _free_spot((w, h), page.shape[:2], keep_clear, rng)
    if spot is None:
        return None
    kind = rng.choice(("tick", "initials", "squiggle"))
    t = np.linspace(0, 1, 60)
    if kind == "tick":
        xs, ys = np.interp(t, [0, 0.35, 1], [0, 0.3, 1]), np.interp(t, [0, 0.35, 1], [0.55, 1, 0])
    else:
        turns = 2 if kind == "initials" else 5
        xs = t + 0.04 * np.sin(t * 40)
        ys = 0.5 + 0.4 * np.sin(t * turns * 2 * np.pi + rng.uniform(0, 3)) * (1 - 0.5 * t)
    points = np.stack([spot[0] + xs * w, spot[1] + ys * h], axis=1).astype(np.int32)
    color = (40, 50, 140) if page.ndim == 3 else (70,)
    cv2.polylines(page, [points], False, color, thickness=max(1, int(2 * scale)), lineType=cv2.LINE_AA)
    return {"type": "pen", "shape": kind, "at": list(spot)}
