"""The login captcha: a fresh code per request, drawn as an image only."""

from __future__ import annotations

import io
import secrets

from PIL import Image, ImageDraw, ImageFilter, ImageFont


def new_code(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def draw(code: str, width: int, height: int) -> bytes:
    """A PNG of the code with the noise such images carry; readable by a person."""
    rng = secrets.SystemRandom()
    image = Image.new("RGB", (width, height), (238, 243, 250))
    ink = ImageDraw.Draw(image)
    for _ in range(6):
        ink.line(
            [(rng.randint(0, width), rng.randint(0, height)) for _ in range(2)],
            fill=(rng.randint(120, 200), rng.randint(120, 200), rng.randint(120, 200)),
            width=1,
        )
    font = ImageFont.load_default(size=int(height * 0.62))
    step = (width - 12) / max(len(code), 1)
    for index, char in enumerate(code):
        glyph = Image.new("RGBA", (int(step) + 8, height), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (4, height * 0.12),
            char,
            font=font,
            fill=(rng.randint(10, 90), rng.randint(20, 90), rng.randint(90, 160), 255),
        )
        glyph = glyph.rotate(rng.uniform(-18, 18), resample=Image.Resampling.BICUBIC)
        image.paste(glyph, (int(6 + index * step), rng.randint(-3, 3)), glyph)
    for _ in range(width * height // 40):
        ink.point((rng.randrange(width), rng.randrange(height)), fill=(90, 110, 140))
    image = image.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
