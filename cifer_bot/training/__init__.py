"""Training: what a headed run shows a person who reads no Chinese, and what a demo adds.

- `overlay`: the caption bar and the outline of the control in use (`overlay.js`), drawn
  by every headed run (`fill --headed` and `demo`);
- `pace`: the demo's wait for the trainee (Enter, or Next on the page);
- `notebook`: what a recorded demo keeps for its handout; `handout`: the handout itself
  (HTML, and a PDF where Chromium prints one); `video`: the encoder and the recording.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page

from cifer_bot.training.notebook import END, Notebook, Section, Used
from cifer_bot.training.overlay import DOTS, Overlay
from cifer_bot.training.pace import Pace

__all__ = ["DOTS", "END", "Notebook", "Overlay", "Pace", "Section", "Training", "Used"]


@dataclass
class Training:
    """What a demo adds to a headed run: the pace, and with --record the notebook for the
    handout and the folder Playwright records each window's video into."""

    pace: Pace
    notebook: Notebook | None = None
    video_dir: Path | None = None
    # On the offline replica, where pressing 提交 by hand is practice.
    practice: bool = True
    windows: list[Page] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        self.windows.append(page)
        self.pace.attach(page)

    def videos(self) -> list[Path]:
        """Each window's video, in the order the windows opened (once the context closed)."""
        found = []
        for page in self.windows:
            video = page.video
            if video is not None:
                found.append(Path(video.path()))
        return found
