"""What a recorded demo keeps for its handout: for each of the guide's steps, its
captions, a picture of the page as the trainee saw it at the step's first control, and
each control used there, with its label, its English and what was done with it; and
the same for the end (the review, and the person's own submission).

Nothing secret is written here: the narrator gives dots for a password or a captcha
answer, and the captcha's image is blanked out in the pictures.
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass, field

from PIL import Image, ImageDraw
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from cifer_bot.selector_map import Caption

# The section of the end, after the six steps.
END = 0
_QUALITY = 70
_BLANK = (200, 208, 218)  # the grey a blanked-out captcha image shows in a picture


@dataclass(frozen=True)
class Used:
    """One control the demo used, as the handout lists it."""

    label: str
    english: str
    done: str  # `Click`, `Type: Yarra Valley Chocolate Pty Ltd`, `Type: ••••••••`


@dataclass
class Section:
    """One step of the guide as the demo walked it (or the end: `END`)."""

    number: int
    captions: list[Caption] = field(default_factory=list)
    picture: bytes | None = None  # JPEG
    masked: bool = False  # the picture has the captcha's image masked
    used: list[Used] = field(default_factory=list)


@dataclass
class Notebook:
    """The handout's material, section by section."""

    # Address fragments of the captcha's image (the map's `src`): masked in pictures.
    secret_images: tuple[str, ...] = ()
    sections: dict[int, Section] = field(default_factory=dict)

    def _section(self, number: int) -> Section:
        return self.sections.setdefault(number, Section(number))

    def caption(self, number: int, caption: Caption) -> None:
        section = self._section(number)
        if caption not in section.captions:
            section.captions.append(caption)

    def use(self, number: int, used: Used) -> None:
        section = self._section(number)
        if used not in section.used:
            section.used.append(used)

    def wants_picture(self, number: int) -> bool:
        return self._section(number).picture is None

    def picture(self, number: int, page: Page) -> None:
        """The page as the trainee sees it now, overlay included; the captcha's image
        blanked out in the picture (not on the page: the video shows what the trainee
        reads)."""
        section = self._section(number)
        with contextlib.suppress(PlaywrightError):
            boxes = [
                box
                for frame in page.frames
                for fragment in self.secret_images
                for image in frame.locator(f"img[src*={json.dumps(fragment)}]").all()
                if (box := image.bounding_box()) is not None
            ]
            shot = Image.open(io.BytesIO(page.screenshot(animations="disabled")))
            ink = ImageDraw.Draw(shot)
            for box in boxes:
                corner = (box["x"] + box["width"], box["y"] + box["height"])
                ink.rectangle([(box["x"], box["y"]), corner], fill=_BLANK)
            out = io.BytesIO()
            shot.convert("RGB").save(out, format="JPEG", quality=_QUALITY)
            section.picture, section.masked = out.getvalue(), bool(boxes)

    def steps(self) -> list[Section]:
        """The guide's steps the demo walked, in order (the end not among them)."""
        return [self.sections[n] for n in sorted(self.sections) if n != END]

    def end(self) -> Section | None:
        return self.sections.get(END)
