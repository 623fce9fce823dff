"""A facility list shared as work: what `queue load` puts in the journal, and how workers
on several machines take it, one account at a time.

Each application of the list is a work item, with the facility's row (no secret) and its
identity document, so that a worker on any machine can fill it. A worker claims one
account's open applications (one captcha per account) and heartbeats the claim while it
works; the claim is checked in the same transaction as each action's intent, so that a
worker whose claim lapsed never presses again what another now owns. A claim whose
worker stopped heartbeating lapses by the database's clock and is taken over under the
journal's never-twice rules (an intent left unconfirmed is asked of the portal first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from cifer_bot.errors import CiferBotError
from cifer_bot.journal.base import AppKey, Record

# Endings after which an application is no work for the queue: at the review stop, saved
# on the portal by a run that stopped before its review files, or left for a person to
# look on the portal first (what `fill FILE` skips too).
SETTLED = ("review", "saved", "check")


class ClaimLost(CiferBotError):
    """This worker's claim on an account lapsed (or was taken over): another worker owns
    the account's applications now, and this one must not act on them."""


@dataclass(frozen=True)
class NewItem:
    """One application of a facility file, as `queue load` offers it to the journal."""

    key: AppKey
    row: int | None
    category: str  # the sub-item, in Chinese and English, for reports
    facility: str  # the facility's row as JSON, its document named by file name only
    digest: str  # SHA-256 of the row and the document: what tells a changed row
    document_name: str
    document_sha256: str
    read_document: Callable[[], bytes]  # read only when the journal lacks the document


@dataclass(frozen=True)
class WorkItem:
    """One application of the shared list, as a worker takes it."""

    number: int  # its place in the list (the order it was loaded in)
    key: AppKey
    row: int | None
    category: str
    facility: str
    document_name: str
    document_sha256: str


@dataclass
class Loaded:
    """What `queue load` did: items added, unchanged, replaced, and changed rows that
    were kept as they were, one line each saying why."""

    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    kept: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Claim:
    """A worker's hold on one account's applications, on one portal."""

    username: str  # lower case: accounts are named without regard to case
    worker: str
    token: str
    timeout_s: float
    previous: str | None = None  # the worker whose lapsed claim this one took over


@dataclass(frozen=True)
class ClaimInfo:
    """A claim as `status` shows it, timed by the database's clock."""

    username: str
    worker: str
    since: str  # when it was claimed, ISO 8601
    heartbeat_age_s: float  # seconds since its worker last heartbeat it
    expires_in_s: float  # negative: it lapsed, and is free to take over


class WorkQueue(Protocol):
    """The shared facility list, in the journal: work items, documents and claims."""

    def load(self, items: list[NewItem], *, update: bool) -> Loaded:
        """Add the items the journal lacks; report changed rows, and replace them only
        with `update` and only while their application has not started."""

    def work(self, username: str | None = None) -> list[WorkItem]:
        """Every item of the list, in order; or the open ones of one account."""

    def document(self, sha256: str) -> bytes:
        """The content of an identity document."""

    def claim(
        self, worker: str, *, held: set[str] | None, skip: set[str], timeout_s: float
    ) -> Claim | None:
        """Claim the first account with open applications that no live claim holds,
        among the accounts `held` (None: any) and not in `skip`; None if there is none."""

    def claim_account(self, worker: str, username: str, *, timeout_s: float) -> Claim | None:
        """Claim one account of the list whatever its applications' state (`sync` reads
        the portal for it); None while another worker's claim on it lives."""

    def heartbeat(self, claim: Claim) -> bool:
        """Keep the claim alive; False when it lapsed or was taken over."""

    def release(self, claim: Claim) -> None:
        """Let the account go, and wake the workers waiting for work."""

    def generation(self) -> int:
        """A number that grows each time a worker releases a claim or work is loaded."""

    def wait_for_work(
        self, *, held: set[str] | None, skip: set[str], since: int, most_s: float
    ) -> bool:
        """Wait until a claim may succeed: a claim released (after `since`), one lapsing
        by the database's clock, or `most_s` seconds. False, at once, when no open
        application is left among the accounts `held` and not in `skip`."""

    def claims(self) -> list[ClaimInfo]:
        """The claims held now, and the lapsed ones not yet taken over."""

    def refusals(self) -> dict[str, Record]:
        """The accounts whose password the portal refused (since they last signed in)."""
