"""What a run records, and asks, of its journal: the Protocol every journal keeps.

The journal is the record of a batch. It notes the step each application reached and
each attempt; the intent before, and the confirmation after, every action with an
effect on the portal (立即注册, 暂存), so that an action whose outcome is unknown is looked
for on the portal and never blindly done again (`pending`); how each application ended;
what the portal's 综合查询 listed for it (draft and application numbers); and, per
account, a password the portal refused or took. Records of one portal never count for
another: a dry run on the replica is not the live portal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from cifer_bot.errors import CiferBotError

Record = dict[str, Any]


class AppKey(NamedTuple):
    """What names one application across runs: its facility, its sub-item, its account.
    Fixing a typo in any other column of the row keeps the application's history."""

    facility: str
    category: str  # the catalog code of the sub-item
    username: str


class JournalBusy(CiferBotError):
    """Another run holds the journal: two runs on one record would do things twice."""


@dataclass
class Step:
    """A step an application reached, or an action it took, and when."""

    kind: str  # step, attempt, intent, confirm, checked, finish, synced
    name: str
    at: str


@dataclass
class Application:
    """Everything the journal holds of one application, for reports and `status`."""

    key: AppKey
    row: int | None = None
    status: str | None = None  # the latest ending; None: never ended
    step: str = ""  # the latest step reached
    message: str = ""
    error_class: str = ""
    attempts: int = 0
    draft_no: str | None = None
    application_no: str | None = None
    portal_status: str | None = None  # what 综合查询 said at the last sync
    synced_at: str | None = None
    started: str | None = None
    finished: str | None = None
    updated: str | None = None
    outcome: Record = field(default_factory=dict)  # the latest ending, as the run saw it
    history: list[Step] = field(default_factory=list)
    thumbnail: bytes | None = None  # the review screenshot's thumbnail (a JPEG), if any


class Journal(Protocol):
    """What a run records, and asks, of its journal."""

    portal: str

    def lock(self) -> None:
        """Hold the journal for this run; JournalBusy when another run holds it. A
        journal shared by several workers is never held whole: they claim accounts."""

    def unlock(self) -> None:
        """Let the journal go (a run that dies lets it go too)."""

    def close(self) -> None:
        """Close the journal's store."""

    # -- applications ----------------------------------------------------------------
    def remember_rows(self, rows: list[tuple[AppKey, int | None, dict[str, str]]]) -> list[str]:
        """Note each application's facility row (non-secret fields) as the run found it;
        say, one line each, which rows changed since the journal last saw them."""

    def reached(self, key: AppKey, step: str) -> None:
        """The application reached a step of the route."""

    def attempt(self, key: AppKey, number: int) -> None:
        """An attempt at the application begins."""

    def intend(self, key: AppKey, action: str) -> None:
        """About to press a control with an effect on the portal (`暂存`)."""

    def confirm(self, key: AppKey, action: str) -> None:
        """The portal confirmed the action announced by `intend`."""

    def finish(self, key: AppKey, outcome: Record, thumbnail: bytes | None = None) -> None:
        """How the application ended (`status`, `message`, `finished`, and the rest of
        the outcome: review table, artifacts, error class), with the thumbnail of its
        review screenshot, kept where anyone who builds the report can read it."""

    def last(self, key: AppKey) -> Record | None:
        """The latest ending recorded for the application on this portal, if any: its
        status, message, `at` and username, and `draft_saved` (a 暂存 the portal
        confirmed, in any run)."""

    def pending(self, key: AppKey) -> str | None:
        """An action announced for the application and never confirmed: its outcome is
        unknown, and the portal is to be asked before anything is done again."""

    def draft_untold(self, key: AppKey) -> str | None:
        """When the portal last confirmed a 暂存 of the application (or was found to hold
        the draft a press left unconfirmed) that no settled ending has told since: a
        draft on the portal that a run stopped before reporting (a kill, a full disk).
        None when there is none: another 暂存 would then not be a second draft."""

    def resolve(self, key: AppKey, action: str, *, found: bool) -> None:
        """The portal was asked about an action whose outcome was unknown: it shows that
        the action took effect (`found`), or that it did not."""

    def synced(
        self, key: AppKey, *, portal_status: str, draft_no: str | None, application_no: str | None
    ) -> None:
        """What 综合查询 lists for the application: a draft, or a submission and its number."""

    def applications(self) -> list[Application]:
        """Every application the journal knows on this portal, with its history."""

    # -- accounts --------------------------------------------------------------------
    def refuse_login(self, username: str, fingerprint: str, reason: str, at: str) -> None:
        """The portal refused the account's password (as it stood: `fingerprint`)."""

    def accept_login(self, username: str) -> None:
        """The account signed in: an earlier refusal no longer stands."""

    def refused(self, username: str) -> Record | None:
        """The latest refusal of the account's password, unless it signed in since."""

    def account_exists(self, username: str) -> bool:
        """Whether the account exists on this portal, as far as the journal knows: it
        signed in once, or a run pressed 立即注册 for it and the portal confirmed it."""

    def change_password(self, username: str, fingerprint: str, at: str) -> None:
        """The portal took a new password for the account (as it now stands)."""

    def password_changed(self, username: str) -> str | None:
        """The fingerprint of the password the account was last changed to, if any."""


def done(journal: Journal, key: AppKey) -> Record | None:
    """The ending that makes an application done, if any: it reached the review stop.

    The account form stop is not done: the application itself is still to be filled,
    once the account exists.
    """
    record = journal.last(key)
    return record if record is not None and record.get("status") == "review" else None
