"""A small picture of a review screenshot, for `report.html` to embed: the top of the
form (what identifies it), 200 pixels wide, a few kilobytes as a JPEG, so that a report
of thousands of applications stays small."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from cifer_bot.files import write_bytes_atomically

WIDTH, HEIGHT = 200, 260


def make_thumbnail(screenshot: Path, thumbnail: Path) -> None:
    """Write the thumbnail of `screenshot` (a PNG) to `thumbnail` (a JPEG)."""
    with Image.open(screenshot) as picture:
        width, height = picture.size
        top = picture.crop((0, 0, width, min(height, width * HEIGHT // WIDTH))).convert("RGB")
    top.thumbnail((WIDTH, HEIGHT))
    data = io.BytesIO()
    top.save(data, format="JPEG", quality=60, optimize=True)
    write_bytes_atomically(thumbnail, data.getvalue())
