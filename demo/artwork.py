"""Demo pictures drawn with Pillow: the demo needs real image files, and we own no photographs."""

import io
import math
import random
from functools import cache

from PIL import Image, ImageDraw, ImageFont


def _font(size):
    return ImageFont.load_default(size=size)


def _starfield(draw, rng, width, height, count):
    for _ in range(count):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.choice([1, 1, 1, 2])
        shade = rng.randrange(160, 256)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(shade, shade, shade))


def _gradient(width, height, top, bottom):
    image = Image.new("RGB", (width, height), top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(height - 1, 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return image


def _jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


@cache
def scene(seed, label, palette=((8, 12, 40), (30, 60, 120)), size=(1600, 900)):
    """A night sky over the curve of the Earth, with a station and a caption band."""
    rng = random.Random(seed)
    width, height = size
    image = _gradient(width, height, *palette)
    draw = ImageDraw.Draw(image)
    _starfield(draw, rng, width, height, 260)
    radius = width * 1.1
    centre = (width * 0.5, height + radius * 0.82)
    draw.ellipse(
        [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius],
        fill=(20, 90, 160),
        outline=(140, 200, 255),
        width=6,
    )
    station_x, station_y = (
        rng.randrange(width // 4, width * 3 // 4),
        rng.randrange(height // 6, height // 3),
    )
    draw.rectangle(
        [station_x - 90, station_y - 6, station_x + 90, station_y + 6], fill=(210, 210, 220)
    )
    for offset in (-70, 70):
        draw.rectangle(
            [station_x + offset - 14, station_y - 50, station_x + offset + 14, station_y + 50],
            fill=(200, 160, 60),
        )
    draw.rectangle([0, height - 110, width, height], fill=(0, 0, 0))
    draw.text((48, height - 88), label, font=_font(56), fill=(255, 255, 255))
    return _jpeg(image)


@cache
def portrait(seed, initials, colour):
    """A plain portrait card with the person's initials, standing in for a photograph."""
    rng = random.Random(seed)
    image = _gradient(800, 1000, colour, tuple(max(c - 60, 0) for c in colour))
    draw = ImageDraw.Draw(image)
    _starfield(draw, rng, 800, 1000, 80)
    draw.ellipse([250, 220, 550, 520], fill=(235, 225, 215))
    draw.pieslice([150, 560, 650, 1060], 180, 360, fill=(235, 225, 215))
    draw.text((400, 900), initials, font=_font(120), fill=(255, 255, 255), anchor="mm")
    return _jpeg(image)


# How far in from each side of a poster its title stays.
POSTER_MARGIN = 60


def _lines(words, font, width):
    """`words` in lines no wider than `width`, a word too long alone on a line of its own."""
    lines = []
    for word in words:
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines


def _fitted(text, size, width, most_lines=3):
    """(font, lines): `text` at `size`, smaller if need be, in lines no wider than `width`."""
    words = text.split()
    while True:
        font = _font(size)
        lines = _lines(words, font, width)
        fits = all(font.getlength(line) <= width for line in lines) and len(lines) <= most_lines
        if fits or size <= 12:
            return font, lines
        size -= 4


@cache
def poster(seed, title, subtitle, colour):
    """A film poster: a rocket climbing through a starfield, title at the foot."""
    rng = random.Random(seed)
    width, height = 1000, 1500
    image = _gradient(width, height, (5, 5, 20), colour)
    draw = ImageDraw.Draw(image)
    _starfield(draw, rng, width, height, 300)
    x = width // 2
    draw.polygon([(x, 250), (x - 60, 450), (x + 60, 450)], fill=(230, 230, 235))
    draw.rectangle([x - 60, 450, x + 60, 800], fill=(230, 230, 235))
    for i in range(12):
        angle = math.pi / 2 + (i - 6) * 0.07
        length = rng.randrange(180, 320)
        draw.line(
            [(x, 800), (x + length * math.cos(angle), 800 + length * math.sin(angle))],
            fill=(255, rng.randrange(120, 200), 40),
            width=14,
        )
    font, lines = _fitted(title, 110, width - 2 * POSTER_MARGIN)
    # The last line sits above the subtitle; the lines before go up towards the rocket.
    for number, line in enumerate(reversed(lines)):
        draw.text(
            (x, 1290 - number * font.size), line, font=font, fill=(255, 255, 255), anchor="mm"
        )
    draw.text((x, 1410), subtitle, font=_font(44), fill=(220, 220, 230), anchor="mm")
    return _jpeg(image)


@cache
def logo(initials, colour):
    image = Image.new("RGB", (600, 600), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse([40, 40, 560, 560], outline=(255, 255, 255), width=18)
    draw.text((300, 300), initials, font=_font(200), fill=(255, 255, 255), anchor="mm")
    return _jpeg(image)
