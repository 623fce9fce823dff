"""The captcha's reader of a run, by the name `--captcha` gives it: here, beside both
the solvers of `captcha` and the person's desk of `captcha_desk`, which is built on
`captcha`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from cifer_bot.options import CaptchaName
from cifer_bot.steps.captcha import BrowserSolver, ReplicaSolver, Solver
from cifer_bot.steps.captcha_desk import CaptchaDesk, PromptSolver


def make_solver(
    name: CaptchaName, *, stdin: TextIO | None = None, stale_s: float = 300.0
) -> Solver:
    """The solver of a name `cifer_bot.options.captcha_name` has accepted."""
    factories: dict[CaptchaName, Callable[[], Solver]] = {
        "prompt": lambda: PromptSolver(
            desk=CaptchaDesk(stdin=stdin or sys.stdin, stderr=sys.stderr, stale_s=stale_s)
        ),
        "browser": BrowserSolver,
        "replica": ReplicaSolver,
    }
    return factories[name]()
