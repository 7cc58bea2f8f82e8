"""Procedural demo images drawn with Pillow: weaves, songket, pottery, shell, pearls, beans.

The demo must run offline and ship no photographs, so each picture is drawn from a
seed: the same product always gets the same image, and every one is labelled as a
demo image so nobody mistakes it for a photograph of the real piece.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter, ImageFont

Colour = tuple[int, int, int]

_PALETTES: dict[str, tuple[Colour, Colour, Colour]] = {
    "bamboo": ((222, 196, 150), (186, 152, 100), (120, 90, 55)),
    "rattan": ((214, 170, 100), (170, 120, 60), (95, 60, 30)),
    "ketak": ((160, 95, 45), (110, 60, 28), (60, 32, 15)),
    "songket": ((123, 30, 43), (201, 162, 39), (80, 15, 25)),
    "ikat": ((46, 58, 135), (225, 215, 190), (25, 30, 80)),
    "pottery": ((240, 226, 205), (192, 106, 69), (120, 60, 35)),
    "coconut": ((75, 46, 30), (140, 95, 60), (40, 25, 15)),
    "pearl": ((25, 35, 60), (244, 241, 234), (200, 190, 170)),
    "cocoa": ((235, 220, 200), (110, 60, 35), (70, 35, 20)),
    "coffee": ((230, 215, 190), (80, 45, 25), (45, 25, 12)),
    "honey": ((250, 240, 215), (214, 150, 40), (150, 90, 20)),
    "vanilla": ((245, 235, 215), (60, 40, 25), (30, 20, 10)),
}


def _weave(
    draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, pal: tuple[Colour, Colour, Colour]
) -> None:
    cell = rnd.choice([16, 20, 24, 28])
    for row in range(size // cell + 1):
        for col in range(size // cell + 1):
            x, y = col * cell, row * cell
            horizontal = (row + col // 2) % 4 < 2
            base = pal[0] if horizontal else pal[1]
            draw.rectangle([x, y, x + cell - 1, y + cell - 1], fill=base)
            for k in range(2, cell - 1, 5):
                if horizontal:
                    draw.line([x, y + k, x + cell, y + k], fill=pal[2], width=1)
                else:
                    draw.line([x + k, y, x + k, y + cell], fill=pal[2], width=1)


def _songket(
    draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, pal: tuple[Colour, Colour, Colour]
) -> None:
    draw.rectangle([0, 0, size, size], fill=pal[0])
    band = rnd.choice([70, 90, 110])
    for top in range(0, size, band):
        draw.rectangle([0, top, size, top + 6], fill=pal[1])
        for cx in range(band // 2, size, band):
            cy, r = top + band // 2, band // 3
            draw.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], outline=pal[1], width=3)
            draw.polygon(
                [(cx, cy - r // 2), (cx + r // 2, cy), (cx, cy + r // 2), (cx - r // 2, cy)], fill=pal[1]
            )


def _ikat(
    draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, pal: tuple[Colour, Colour, Colour]
) -> None:
    draw.rectangle([0, 0, size, size], fill=pal[0])
    step = rnd.choice([60, 80])
    for cy in range(0, size + step, step):
        for cx in range(0, size + step, step):
            jitter = rnd.randint(-4, 4)
            r = step // 2 - 6
            draw.polygon(
                [(cx + jitter, cy - r), (cx + r, cy), (cx - jitter, cy + r), (cx - r, cy)],
                outline=pal[1],
                width=5,
            )
    for x in range(0, size, 3):
        draw.line([x, 0, x, size], fill=pal[2], width=1)


def _pottery(
    draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, pal: tuple[Colour, Colour, Colour]
) -> None:
    draw.rectangle([0, 0, size, size], fill=pal[0])
    cx, w = size // 2, rnd.randint(size // 5, size // 3)
    top, bottom = size // 6, size - size // 5
    points = []
    for i in range(41):
        t = i / 40
        bulge = math.sin(math.pi * (0.15 + 0.8 * t)) * w + w * 0.35
        points.append((cx + bulge, top + t * (bottom - top)))
    outline = points + [(2 * cx - x, y) for x, y in reversed(points)]
    draw.polygon(outline, fill=pal[1])
    for k in range(4):
        y = top + (bottom - top) * (0.3 + 0.12 * k)
        draw.arc([cx - w * 1.2, y - 12, cx + w * 1.2, y + 12], 0, 180, fill=pal[2], width=2)
    draw.ellipse([cx - w * 0.5, top - 10, cx + w * 0.5, top + 10], fill=pal[2])


def _discs(
    draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, pal: tuple[Colour, Colour, Colour]
) -> None:
    draw.rectangle([0, 0, size, size], fill=pal[0])
    for _ in range(140):
        x, y, r = rnd.randint(0, size), rnd.randint(0, size), rnd.randint(10, 34)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=pal[1], outline=pal[2], width=2)
        draw.ellipse([x - r // 4, y - r // 4, x + r // 4, y + r // 4], fill=pal[2])


def _pearls(
    draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, pal: tuple[Colour, Colour, Colour]
) -> None:
    draw.rectangle([0, 0, size, size], fill=pal[0])
    for i in range(24):
        angle = 2 * math.pi * i / 24
        cx, cy = size / 2 + math.cos(angle) * size / 3, size / 2 + math.sin(angle) * size / 3.6
        r = rnd.randint(16, 24)
        for k in range(r, 0, -2):
            shade = tuple(int(c * (0.75 + 0.25 * (1 - k / r))) for c in pal[1])
            draw.ellipse([cx - k - r / 4, cy - k - r / 4, cx + k - r / 4, cy + k - r / 4], fill=shade)


def _beans(
    draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, pal: tuple[Colour, Colour, Colour]
) -> None:
    draw.rectangle([0, 0, size, size], fill=pal[0])
    for _ in range(90):
        x, y = rnd.randint(0, size), rnd.randint(0, size)
        w, h = rnd.randint(22, 34), rnd.randint(14, 22)
        draw.ellipse([x - w, y - h, x + w, y + h], fill=pal[1], outline=pal[2], width=2)
        draw.arc([x - w // 2, y - h, x + w // 2, y + h], 250, 110, fill=pal[2], width=2)


def _honey(
    draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, pal: tuple[Colour, Colour, Colour]
) -> None:
    draw.rectangle([0, 0, size, size], fill=pal[0])
    r = rnd.choice([28, 34])
    for row in range(size // r + 2):
        for col in range(size // r + 2):
            cx, cy = col * r * 1.73 + (row % 2) * r * 0.87, row * r * 1.5
            hexagon = [
                (cx + r * math.cos(math.pi / 3 * k), cy + r * math.sin(math.pi / 3 * k)) for k in range(6)
            ]
            draw.polygon(hexagon, fill=pal[1], outline=pal[2], width=3)


def _pods(
    draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, pal: tuple[Colour, Colour, Colour]
) -> None:
    draw.rectangle([0, 0, size, size], fill=pal[0])
    for i in range(7):
        y = size * (0.2 + 0.09 * i) + rnd.randint(-6, 6)
        draw.line([size * 0.12, y, size * 0.88, y + rnd.randint(-30, 30)], fill=pal[1], width=14)
        draw.line([size * 0.12, y, size * 0.88, y], fill=pal[2], width=2)


_DRAWERS: dict[str, Callable[..., None]] = {
    "bamboo": _weave,
    "rattan": _weave,
    "ketak": _weave,
    "songket": _songket,
    "ikat": _ikat,
    "pottery": _pottery,
    "coconut": _discs,
    "pearl": _pearls,
    "cocoa": _beans,
    "coffee": _beans,
    "honey": _honey,
    "vanilla": _pods,
}
KINDS = tuple(_DRAWERS)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _label(image: Image.Image, title: str, subtitle: str) -> None:
    draw = ImageDraw.Draw(image, "RGBA")
    width, height = image.size
    draw.rectangle([0, height - 92, width, height], fill=(255, 255, 255, 215))
    draw.text((20, height - 84), title[:48], fill=(30, 30, 30), font=_font(28))
    draw.text((20, height - 44), subtitle, fill=(90, 90, 90), font=_font(20))


def _encode(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def product_image(*, kind: str, title: str, seed: int, size: int = 640) -> bytes:
    """A labelled JPEG of a pattern typical of ``kind`` (one of ``KINDS``), the same for the same seed."""
    rnd = random.Random(seed)  # noqa: S311 - a picture, not a secret
    image = Image.new("RGB", (size, size))
    _DRAWERS[kind](ImageDraw.Draw(image), size, rnd, _PALETTES[kind])
    if kind == "ikat":
        image = image.filter(ImageFilter.GaussianBlur(1.2))
    _label(image, title, "Asal demo image - drawn, not photographed")
    return _encode(image)


def maker_portrait(*, name: str, seed: int, size: int = 400) -> bytes:
    """An abstract portrait card (initials and a silhouette) marked DEMO, never a face."""
    rnd = random.Random(seed)  # noqa: S311 - a picture, not a secret
    background = (rnd.randint(150, 220), rnd.randint(130, 200), rnd.randint(100, 170))
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    figure = tuple(max(c - 70, 0) for c in background)
    draw.ellipse([size * 0.33, size * 0.14, size * 0.67, size * 0.48], fill=figure)
    draw.pieslice([size * 0.15, size * 0.5, size * 0.85, size * 1.2], 180, 360, fill=figure)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    draw.text((size * 0.5, size * 0.31), initials, fill=background, font=_font(size // 6), anchor="mm")
    draw.rectangle([0, 0, size, 44], fill=(200, 30, 30))
    draw.text((size / 2, 22), "DEMO PROFILE", fill=(255, 255, 255), font=_font(24), anchor="mm")
    return _encode(image)
