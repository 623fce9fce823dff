"""The handout of a recorded demo: one self-contained HTML page (its pictures inside it),
for staff who were not there, and a PDF of it where Chromium prints one.

The guide's six steps, each with its captions, a picture of the page as the demo showed
it (the control to use outlined, its Chinese label and English beside it), and a table
of the controls used there: the Chinese label a person reads, its English, and what to
do. Then the end: the review, and the final submission that is the person's alone.
Secrets never reach it: the notebook holds dots for them.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

from cifer_bot.files import write_atomically, write_bytes_atomically
from cifer_bot.training.notebook import Notebook, Section

_STYLE = """
body { font: 15px/1.5 "Noto Sans", Arial, "Noto Sans CJK SC", sans-serif; color: #1f2d3d;
  max-width: 1100px; margin: 24px auto; padding: 0 20px; }
h1 { font-size: 26px; margin-bottom: 4px; }
h2 { font-size: 20px; margin: 28px 0 6px; border-bottom: 3px solid #f60; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 12px 0 2px; }
.lead { color: #44556b; }
figure { margin: 10px 0; }
figure img { width: 100%; border: 1px solid #c8d0da; border-radius: 4px; }
figcaption { font-size: 13px; color: #5b6b80; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; }
th, td { text-align: left; vertical-align: top; border: 1px solid #d5dce5; padding: 4px 8px; }
th { background: #f3f5f8; }
td.zh { font-weight: 600; white-space: nowrap; }
.note { background: #fff8e6; border-left: 6px solid #f60; padding: 8px 12px; }
section { break-inside: avoid-page; }
"""


@dataclass(frozen=True)
class About:
    """What the demo was: which portal, which facility and application, and its videos."""

    portal: str  # `the offline replica of the portal as of 2021-11-26`
    enterprise: str
    category: str  # `巧克力 (Chocolate)`
    made: str  # the date
    videos: tuple[tuple[str, float | None], ...] = ()  # file name beside the handout, seconds


def _picture(section: Section, alt: str) -> str:
    if section.picture is None:
        return ""
    data = base64.b64encode(section.picture).decode("ascii")
    masked = " The captcha's image is blanked out here." if section.masked else ""
    return (
        f'<figure><img src="data:image/jpeg;base64,{data}" alt="{html.escape(alt)}">'
        "<figcaption>The page as the demo showed it: the control to use is outlined in "
        f"orange, with its Chinese label and its English beside it.{masked}</figcaption>"
        "</figure>"
    )


def _table(section: Section) -> str:
    if not section.used:
        return ""
    rows = "".join(
        f'<tr><td class="zh">{html.escape(used.label)}</td><td>{html.escape(used.english)}'
        f"</td><td>{html.escape(used.done)}</td></tr>"
        for used in section.used
    )
    return (
        "<table><thead><tr><th>On the page</th><th>In English</th><th>What the demo did"
        f"</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _section(section: Section) -> str:
    if not section.captions:
        return ""
    heading = section.captions[0]
    parts = [f'<section id="step-{section.number}"><h2>{html.escape(heading.heading)}</h2>']
    for index, caption in enumerate(section.captions):
        if index:
            parts.append(f"<h3>{html.escape(caption.title)} ({html.escape(caption.chinese)})</h3>")
        parts.append(f"<p>{html.escape(caption.text)}</p>")
    alt = f"Step {section.number}: {heading.title}" if section.number else heading.title
    parts += [_picture(section, alt), _table(section), "</section>"]
    return "".join(parts)


def render(notebook: Notebook, about: About) -> str:
    """The handout as one HTML page."""
    videos = "".join(
        f'<li><a href="{html.escape(name)}">{html.escape(name)}</a>'
        + (f" ({seconds:.0f} s)" if seconds else "")
        + "</li>"
        for name, seconds in about.videos
    )
    steps = "".join(_section(section) for section in notebook.steps())
    end = notebook.end()
    title = "Registering a food facility on China's Single Window (CIFER): the six steps"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        '<p class="lead">The China International Trade Single Window is in Chinese only. '
        "This handout follows the six steps of the registration guide as a demo walked them "
        f"on {html.escape(about.portal)}, for {html.escape(about.enterprise)}, category "
        f"{html.escape(about.category)}, on {html.escape(about.made)}. Every Chinese label "
        "is shown with its English.</p>"
        + (f"<p>The video of the session, beside this page:</p><ul>{videos}</ul>" if videos else "")
        + steps
        + (_section(end) if end is not None else "")
        + '<p class="note">A person reviews every application and presses the final submit '
        "button themselves: a submitted application cannot be withdrawn.</p>"
        "</body></html>"
    )


def write_handout(path: Path, notebook: Notebook, about: About) -> str:
    """Write the handout; its HTML, for printing."""
    page = render(notebook, about)
    write_atomically(path, page)
    return page


def print_pdf(page: Page, handout: str, path: Path) -> None:
    """The handout as a PDF, printed by a headless Chromium (a headed one prints none)."""
    page.set_content(handout, wait_until="load")
    write_bytes_atomically(path, page.pdf(format="A4", print_background=True))
