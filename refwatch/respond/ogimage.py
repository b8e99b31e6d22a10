"""Share images (Open Graph / Twitter card, 1200×630 PNG) drawn by the app itself.

No third-party image service sees which incident people share. The font must have Hangul:
the `OG_FONT` setting, else Debian's fonts-nanum (installed by `scripts/bootstrap`), else Noto
Sans CJK; a font without Hangul is refused rather than drawing empty boxes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from refwatch.errors import FontUnavailable

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
FONT_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf", 0),
    ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 1),  # index 1 is the Korean face
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 1),
    ("/usr/share/fonts/truetype/noto/NotoSansKR-Bold.ttf", 0),
)
PALETTES = {
    "urgent": ("#7a0c0c", "#ffffff", "#ffd2d2"),
    "event": ("#143d2b", "#ffffff", "#cdebd9"),
    "closed": ("#2f3a45", "#ffffff", "#d5dde5"),
    "default": ("#14213d", "#ffffff", "#d6dcf0"),
}
FontType = ImageFont.FreeTypeFont


@dataclass(frozen=True, slots=True)
class Card:
    """What the image says: a small label, a title, a line under it, and the site."""

    label: str
    title: str
    subtitle: str
    site: str
    palette: str = "default"


def has_hangul(font: FontType) -> bool:
    """True when the font draws Hangul differently from its missing-glyph box."""
    hangul, missing = font.getmask("한"), font.getmask("\ue000")
    return bool(hangul.getbbox()) and bytes(hangul) != bytes(missing)


@lru_cache(maxsize=4)
def find_font(configured: str = "") -> tuple[str, int]:
    """Path and face index of a font with Hangul."""
    candidates = ((configured, 0),) if configured else FONT_CANDIDATES
    for path, index in candidates:
        if Path(path).is_file() and has_hangul(ImageFont.truetype(path, 24, index=index)):
            return path, index
    raise FontUnavailable("no font with Hangul found; install fonts-nanum or set REFWATCH_OG_FONT")


def _font(spec: tuple[str, int], size: int) -> FontType:
    return ImageFont.truetype(spec[0], size, index=spec[1])


def wrap(text: str, font: FontType, width: int) -> list[str]:
    """Lines no wider than `width`, breaking at spaces, or inside a word too long for a line."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:
            if font.getlength(current + char) > width and current:
                lines.append(current)
                current = ""
            current += char
    if current:
        lines.append(current)
    return lines


def _fit_title(text: str, spec: tuple[str, int], width: int) -> tuple[FontType, list[str]]:
    for size in (68, 60, 52, 46, 40):
        font = _font(spec, size)
        lines = wrap(text, font, width)
        if len(lines) <= 4:
            return font, lines
    font = _font(spec, 40)
    lines = wrap(text, font, width)[:4]
    lines[-1] = lines[-1].rstrip()[:-1] + "…"
    return font, lines


def render_card(card: Card, *, font_path: str = "") -> bytes:
    """The PNG bytes of one card; the same card always gives the same bytes."""
    spec = find_font(font_path)
    background, ink, soft = PALETTES.get(card.palette, PALETTES["default"])
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    label_font = _font(spec, 30)
    draw.text((MARGIN, MARGIN), card.label.upper(), font=label_font, fill=soft)
    title_font, lines = _fit_title(card.title, spec, inner)
    y = MARGIN + 70
    line_height = int(title_font.size * 1.25)
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=ink)
        y += line_height
    sub_font = _font(spec, 34)
    for line in wrap(card.subtitle, sub_font, inner)[:2]:
        y += 8
        draw.text((MARGIN, y), line, font=sub_font, fill=soft)
        y += 42
    draw.rectangle((0, HEIGHT - 90, WIDTH, HEIGHT), fill=ink)
    draw.text((MARGIN, HEIGHT - 68), card.site, font=_font(spec, 32), fill=background)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
