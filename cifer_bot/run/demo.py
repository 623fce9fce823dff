"""`cifer-bot demo`: one application walked in a window, slowly, explained in English,
for staff who learn the portal. The same route as `fill` (`cifer_bot.steps.route`), the
same overlay as `fill --headed`, with the trainee's pace and, with --record, a video and
a handout (`record`).

By default on the offline replica, for the example facility. With --live, on the real
portal: it never presses 立即注册 or 暂存 there (a training run must not register a made-up
company with customs): the legs that press them do not apply, and the guard refuses both
captions whatever happens.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from typing import TextIO

from playwright.sync_api import Browser

from cifer_bot import browser as browsers
from cifer_bot.credentials import load_credentials, same_password
from cifer_bot.errors import CiferBotError, InputError
from cifer_bot.facilities.intake import read_facilities
from cifer_bot.files import make_folder
from cifer_bot.journal import open_journal
from cifer_bot.journal.logins import user_logins
from cifer_bot.options import SPEEDS, DemoOptions, FillOptions
from cifer_bot.plan import Passwords, PlanItem, make_plan
from cifer_bot.report import STATUS_TEXT
from cifer_bot.resources import examples_dir
from cifer_bot.run.accounts import refused, seed_replica
from cifer_bot.run.attempt import AccountSession, Run
from cifer_bot.run.one import run_one
from cifer_bot.run.record import check_recording, finish_recording
from cifer_bot.run.setup import load_map, open_run
from cifer_bot.run.visits import login_passwords
from cifer_bot.selector_map import SelectorMap
from cifer_bot.steps.route import LEGS
from cifer_bot.training import Notebook, Pace, Training


def demo(
    options: DemoOptions,
    *,
    stdin: TextIO | None = None,
    stream: TextIO | None = None,
    browser: Browser | None = None,
) -> int:
    """Run `cifer-bot demo`; exit 0 when the application reached its stop for a person.

    `browser`: one the caller already runs (tests); by default a window of its own.
    """
    out = stream or sys.stderr
    if browser is None:
        _check_display()
    if options.record is not None:
        check_recording()
    fill = _fill_options(options)
    selectors = load_map(fill)
    item = _chosen(options, fill, out)
    folder = make_folder(options.folder)
    notebook = Notebook(secret_images=_captcha_images(selectors)) if options.record else None
    with open_run(fill, selectors, stdin=stdin) as portal:
        out.write(portal.describe() + "\n")
        practice = portal.replica is not None
        if not practice:
            portal = dataclasses.replace(portal, selectors=_guarded(selectors))
            out.write(
                f"On this portal the demo never presses {' or '.join(_EFFECTS)}: it registers "
                "no account and saves no draft there.\n"
            )
        pace = Pace(autoplay=options.autoplay, stdin=stdin or sys.stdin)
        training = Training(
            pace=pace,
            notebook=notebook,
            # made here, the owner's only, before Playwright writes a video into it
            video_dir=make_folder(options.record / ".video") if options.record else None,
            practice=practice,
        )
        journal = open_journal(folder / "state", portal.journal_name)
        try:
            journal.lock()
            with user_logins(portal.journal_name) as logins:
                run = Run(
                    fill, portal, item.passwords, journal, out, training=training, logins=logins
                )
                _refused_before(run, item.plan_item)
                seed_replica(run, [item.plan_item])
                with browsers.open_browser(
                    given=browser, headless=False, slow_mo=fill.slow_mo
                ) as on:
                    session = AccountSession(run, on, item.plan_item.username)
                    try:
                        outcome = run_one(run, session, item.plan_item, 1, 1)
                    finally:
                        session.close()  # the videos are whole once their context closed
                    videos = training.videos()
        finally:
            pace.close()
            journal.close()
    said = outcome.message if outcome.status == "failed" else STATUS_TEXT[outcome.status]
    out.write(f"\nThe demo ended: {said}\n")
    if options.record is not None and notebook is not None:
        where = (
            f"the offline replica of the portal as of {selectors.version}"
            if practice
            else f"the live portal ({fill.portal_url or selectors.portal.base_url})"
        )
        finish_recording(
            options.record,
            notebook,
            item.plan_item,
            videos,
            portal=where,
            browser=browser,
            stream=out,
        )
    return 0 if outcome.status in {"review", "account_form"} else 1


def _fill_options(options: DemoOptions) -> FillOptions:
    """A headed fill of one application, as the demo runs it."""
    live = options.live
    return FillOptions(
        facility_file=options.facility_file or examples_dir() / "facilities.yaml",
        out=options.folder,
        dry_run=not live,
        portal_url=options.portal_url,
        headed=True,
        slow_mo=SPEEDS[options.speed],
        captcha=options.captcha,
        create_accounts=not live,
        save_draft=False,
        retries=0,
        again=True,
        timeout_s=options.timeout_s,
        review_wait_s=0 if options.autoplay else 24 * 3600,
    )


@dataclasses.dataclass(frozen=True)
class _Chosen:
    plan_item: PlanItem
    passwords: Passwords


def _chosen(options: DemoOptions, fill: FillOptions, out: TextIO) -> _Chosen:
    """The application the demo shows: the first of the facility named, or of the file."""
    assert fill.facility_file is not None  # the demo's options always name one
    intake = read_facilities(fill.facility_file)
    for line in intake.lines():
        out.write(f"invalid: {line}\n")
    passwords = Passwords(load_credentials(), dry_run=fill.dry_run)
    plan = make_plan(intake, (options.only,) if options.only else (), passwords)
    if not plan.items:
        problems = "; ".join(str(problem["rule"]) for problem in plan.problems)
        raise InputError(
            f"{fill.facility_file}: no facility to show" + (f" ({problems})" if problems else "")
        )
    item = plan.items[0]
    category = item.application.category
    out.write(
        f"Demo: {item.facility.name}, {category.name_en} ({category.name_zh}), "
        f"{'live portal' if options.live else 'offline replica'}, "
        f"{'autoplay' if options.autoplay else 'press Enter or Next at each step'}\n"
    )
    return _Chosen(item, passwords)


def _captcha_images(selectors: SelectorMap) -> tuple[str, ...]:
    return tuple(
        entry.src for page in selectors.pages for entry in page.entries if entry.src is not None
    )


# The captions of the route's legs with an effect on the portal (立即注册, 暂存).
_EFFECTS = tuple(leg.effect for leg in LEGS if leg.effect)


def _guarded(selectors: SelectorMap) -> SelectorMap:
    """The map of a live demo: the captions that act on the portal join the never-click
    ones, so that the guard refuses them whatever happens."""
    return selectors.model_copy(update={"never_click": (*selectors.never_click, *_EFFECTS)})


def _refused_before(run: Run, item: PlanItem) -> None:
    """A password the portal refused in an earlier demo is not tried again (portals lock
    accounts), until it changes."""
    refusal = refused(run, item.username)
    if refusal is not None and same_password(
        login_passwords(run, item)[0], str(refusal.get("fingerprint", ""))
    ):
        raise CiferBotError(
            f"the portal refused the password of {item.username} on {refusal.get('at')}: "
            "it is not tried again until it changes in the environment or .env"
        )


def _check_display() -> None:
    """A window needs a display: say how to get one where there is none (Linux)."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        raise CiferBotError(
            "the demo shows a browser window, and this machine has no display: run it on "
            "a desktop, or under a virtual display: `xvfb-run -a cifer-bot demo ...` "
            "(Debian and Ubuntu: `sudo apt-get install -y xvfb`)"
        )
