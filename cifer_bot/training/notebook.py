"""What a recorded demo keeps for its handout: for each of the guide's steps, its
captions, a picture of the page as the trainee saw it at the step's first control, and
each control used there, with its label, its English and what was done with it; and
the same for the end (the review, and the person's own submission).

Nothing secret is written here: the narrator gives dots for a password or a captcha
answer, and the captcha's image is masked in the pictures.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from cifer_bot.selector_map import Caption

# The section of the end, after the six steps.
END = 0
_QUALITY = 70


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
        """The page as the trainee sees it now, overlay included."""
        masks = [
            frame.locator(f"img[src*={json.dumps(fragment)}]")
            for frame in page.frames
            for fragment in self.secret_images
        ]
        section = self._section(number)
        with contextlib.suppress(PlaywrightError):
            section.masked = any(mask.count() for mask in masks)
            section.picture = page.screenshot(
                type="jpeg", quality=_QUALITY, mask=masks, animations="disabled"
            )

    def steps(self) -> list[Section]:
        """The guide's steps the demo walked, in order (the end not among them)."""
        return [self.sections[n] for n in sorted(self.sections) if n != END]

    def end(self) -> Section | None:
        return self.sections.get(END)
