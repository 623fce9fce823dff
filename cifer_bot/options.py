"""The options of a run: what `fill` and `selectors check` were asked to do.

Both commands walk the portal, so they share where (the replica or a portal address),
which selector map, who reads the captcha, the browser's look and the output folder.
The default map version and the captcha rule are written here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cifer_bot.errors import InputError
from cifer_bot.hosts import is_loopback_url

# The selector map (selectors/<version>.yaml) a run uses unless told otherwise: the
# portal as the registration guide of 26 Nov 2021 shows it.
DEFAULT_MAP_VERSION = "2021-11-26"
# More accounts at once than this would wait for the machine, not for the portal.
MAX_PARALLEL = 16
# Seconds a claim on an account lives without its worker's heartbeat (three a period):
# then another worker may take the account over.
CLAIM_TIMEOUT_S = 120.0

CaptchaName = Literal["prompt", "browser", "replica"]
CAPTCHA_NAMES: tuple[CaptchaName, ...] = ("prompt", "browser", "replica")


def refuse_unless_loopback(portal_url: str) -> None:
    """The replica's captcha back channel exists only on the replica, on loopback."""
    if not is_loopback_url(portal_url):
        raise InputError(
            f"the replica captcha solver works only with the offline replica on loopback, "
            f"not {portal_url!r}; use --captcha prompt or --captcha browser --headed"
        )


def captcha_name(
    name: str | None, *, headed: bool, dry_run: bool, portal_url: str | None = None
) -> CaptchaName:
    """Who reads the captcha: the one rule for `--captcha`.

    By default `browser` when headed, `replica` for a headless dry run, else `prompt`.
    `browser` needs a window; `replica` needs the replica (checked once the portal's
    address is known, `portal_url`).
    """
    chosen = name or ("browser" if headed else "replica" if dry_run else "prompt")
    for known in CAPTCHA_NAMES:
        if chosen == known:
            break
    else:
        raise InputError(f"--captcha must be one of {', '.join(CAPTCHA_NAMES)}, not {chosen!r}")
    if known == "browser" and not headed:
        raise InputError("--captcha browser needs --headed: a person types into the window")
    if known == "replica" and portal_url is not None:
        refuse_unless_loopback(portal_url)
    return known


@dataclass(frozen=True, kw_only=True)
class RunOptions:
    """What every walk of the portal needs."""

    out: Path
    dry_run: bool = False
    portal_url: str | None = None  # None: the map's live portal, or the replica if dry_run
    selectors: str = DEFAULT_MAP_VERSION  # a map version or a .yaml file
    faults: tuple[str, ...] = ()  # replica faults, dry runs only (for tests and training)
    captcha: str | None = None  # None: the default of `captcha_name`
    headed: bool = False
    slow_mo: float = 0
    timeout_s: float = 30.0
    # Seconds a portal keeps a login form alive: an older captcha is fetched anew.
    captcha_stale_s: float = 300.0

    def __post_init__(self) -> None:
        # A wrong --captcha is refused before any file is read or browser started.
        captcha_name(self.captcha, headed=self.headed, dry_run=self.dry_run)

    def captcha_for(self, portal_url: str) -> CaptchaName:
        """The captcha reader of this run, on the portal it talks to."""
        return captcha_name(
            self.captcha, headed=self.headed, dry_run=self.dry_run, portal_url=portal_url
        )


@dataclass(frozen=True, kw_only=True)
class FillOptions(RunOptions):
    """Everything `cifer-bot fill` was asked to do."""

    facility_file: Path | None = None  # None: the work comes from the shared journal
    out: Path = Path("cifer-bot-out")
    state: Path | None = None  # the journal's folder; None: OUT/state
    only: tuple[str, ...] = ()
    create_accounts: bool = False
    save_draft: bool | None = None  # None: save when headless, where the form would be lost
    retries: int = 1
    again: bool = False
    review_wait_s: float = 3600.0
    # Accounts whose refused password may be tried once more (it was right after all).
    retry_login: tuple[str, ...] = ()
    # Fill the portal's forced password change at the first login (old and new password).
    change_password: bool = False
    # Accounts at once, each in its own context of one browser (1: one after another).
    parallel: int = 1
    # A loopback page that shows the captchas waiting and each application's step.
    console: bool = False
    # A Playwright trace per application (paused while a secret is on the page).
    trace: bool = False
    # A journal several operators share (postgresql://...): the work comes from its queue.
    journal: str | None = None
    claim_timeout_s: float = CLAIM_TIMEOUT_S
    worker: str | None = None  # how the shared journal names this worker; None: user@host

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 1 <= self.parallel <= MAX_PARALLEL:
            raise InputError(f"--parallel: from 1 to {MAX_PARALLEL} accounts at once")
        if self.journal is None and self.facility_file is None:
            raise InputError(
                "give a facility file, or --journal URL to take work from a shared journal"
            )
        if self.journal is not None:
            given = [
                flag
                for flag, value in (
                    ("a facility file", self.facility_file),
                    ("--only", self.only),
                    ("--again", self.again),
                    ("--state", self.state),
                )
                if value
            ]
            if given:
                raise InputError(
                    f"with --journal, the list comes from the shared journal, not "
                    f"{' or '.join(given)}: load the file with `cifer-bot queue load FILE "
                    "--journal URL` first"
                )

    @property
    def file(self) -> Path:
        """The facility file of a run that has one."""
        if self.facility_file is None:
            raise InputError("this command needs a facility file")
        return self.facility_file

    @property
    def saves_draft(self) -> bool:
        return self.save_draft if self.save_draft is not None else not self.headed


# How slowly a demo acts (Playwright's slow_mo, milliseconds per browser action): slow
# enough to read each value as it is typed, or to follow the outline from control to
# control. The trainee's own pace is the wait at each step, not these.
SPEEDS: dict[str, float] = {"slow": 1000.0, "normal": 400.0}


@dataclass(frozen=True, kw_only=True)
class DemoOptions:
    """Everything `cifer-bot demo` was asked to do."""

    facility_file: Path | None = None  # None: the example facilities
    only: str | None = None  # the facility to show; None: the file's first
    live: bool = False
    portal_url: str | None = None  # with live: the portal's address (default: the map's)
    speed: str = "slow"
    autoplay: bool = False
    record: Path | None = None  # a folder for the video and the handout
    out: Path | None = None  # None: `<record>/run`, or cifer-bot-out/demo
    timeout_s: float = 30.0

    def __post_init__(self) -> None:
        if self.speed not in SPEEDS:
            raise InputError(f"--speed must be one of {', '.join(SPEEDS)}, not {self.speed!r}")
        if self.live and self.facility_file is None:
            raise InputError(
                "--live needs a facility file: a training run on the live portal signs in "
                "with a real account (its password in the environment or .env)"
            )
        if self.portal_url is not None and not self.live:
            raise InputError("--portal-url is for --live: without it the demo serves its replica")

    @property
    def captcha(self) -> CaptchaName:
        """Who reads the captcha: the replica with --autoplay where it is on loopback (it
        refuses any other), else the trainee, in the window."""
        on_loopback = not self.live or (
            self.portal_url is not None and is_loopback_url(self.portal_url)
        )
        return "replica" if self.autoplay and on_loopback else "browser"

    @property
    def folder(self) -> Path:
        """Where the run's review table, screenshot and journal go."""
        if self.out is not None:
            return self.out
        return self.record / "run" if self.record is not None else Path("cifer-bot-out/demo")


@dataclass(frozen=True, kw_only=True)
class CheckOptions(RunOptions):
    """Everything `cifer-bot selectors check` was asked to do."""

    out: Path = Path("cifer-bot-out/selectors-check")
    username: str | None = None  # an account to check the pages behind the login
    as_json: bool = False
    write_draft: Path | None = None  # a new map version with the suggestions, to confirm
