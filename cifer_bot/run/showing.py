"""What `fill` shows a person, whether its work comes from a facility file or from a
shared journal: the progress lines and the captchas waiting while it runs, and its
last line with the exit code."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from cifer_bot.errors import exit_code
from cifer_bot.options import FillOptions
from cifer_bot.report import Outcome, count
from cifer_bot.run.console import Console
from cifer_bot.run.display import live_display
from cifer_bot.run.progress import Progress
from cifer_bot.run.setup import Portal
from cifer_bot.steps.captcha_desk import CaptchaDesk


@contextlib.contextmanager
def showing(options: FillOptions, portal: Portal, out: TextIO) -> Iterator[tuple[Progress, TextIO]]:
    """What a person sees of a run while it runs: the progress lines, the captchas
    waiting, and with --console a page that shows them and takes the answers."""
    progress = Progress()
    desk: CaptchaDesk | None = getattr(portal.solver, "desk", None)
    with contextlib.ExitStack() as showing:
        if options.console:
            url = showing.enter_context(Console(progress, desk))
            out.write(
                f"Console: {url} (open it in a browser on this machine; it shows the "
                "captchas waiting and takes their answers)\n"
            )
        yield progress, showing.enter_context(live_display(out, progress, desk))


def _many(count: int, thing: str) -> str:
    return f"{count} {thing}{'' if count == 1 else 's'}"


# How a skipped application that an earlier run left for a person is told.
LEFT_FOR_A_PERSON = "was left for a person to check on the portal"


def summary(
    out: TextIO, outcomes: list[Outcome], invalid: list[dict[str, Any]], html_path: Path
) -> int:
    """The run's last line, and its exit code."""
    counts = count(outcomes, invalid)
    if outcomes and counts["skipped"] == len(outcomes) and not invalid:
        left = sum(outcome.message.startswith(LEFT_FOR_A_PERSON) for outcome in outcomes)
        also = f", {left} of them left for a person to check on the portal" if left else ""
        out.write(
            f"\nNothing left to do: the {len(outcomes)} applications of the list reached their "
            f"stop in earlier runs{also} (`cifer-bot status` lists them; --again fills them "
            f"anew). Report: {html_path}\n"
        )
        return exit_code(failed=False)
    # One account form per account, whatever number of applications wait for it.
    forms = len({o.username for o in outcomes if o.status == "account_form"})
    waiting = counts["account_form"] - forms
    saved = counts["saved"]
    out.write(
        f"\nDone: {counts['review']} at the review stop, "
        + (
            f"{_many(saved, 'draft')} on the portal already, without review files from this "
            f"run (open {'it' if saved == 1 else 'them'} there), "
            if saved
            else ""
        )
        + f"{_many(forms, 'account form')} to register"
        + (
            f" ({_many(waiting, 'more application')} wait{'s' if waiting == 1 else ''} for "
            f"{'it' if forms == 1 else 'them'})"
            if waiting
            else ""
        )
        + f", {counts['mismatch']} filled with fields that differ (not saved), "
        f"{counts['check']} left for a person to check on the portal, "
        f"{counts['failed']} failed, {counts['skipped']} skipped (done in earlier runs), "
        f"{counts['invalid']} invalid rows. Report: {html_path}\n"
    )
    # A draft saved, then a fault of this run (a full disk): saved, and a failure too.
    faulted = any(outcome.status == "saved" and outcome.error_class for outcome in outcomes)
    failed = bool(counts["failed"] or counts["mismatch"] or counts["check"] or faulted)
    return exit_code(failed=failed, invalid=bool(invalid))
