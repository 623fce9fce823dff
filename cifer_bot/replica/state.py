"""What the replica remembers: accounts, logins, uploads, drafts and submissions.

Tests read it (`GET /__replica/state` or `Replica.state.snapshot()`) to prove what the
tool did, and did not do, at the portal.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


def md5_hex(text: str) -> str:
    """The hash the login page's script sends instead of the password."""
    return hashlib.md5(text.encode("utf-8")).hexdigest()


@dataclass
class Account:
    username: str
    password_md5: str
    kind: str  # "self": self-registered (Article 9 only); "authority": issued via the authority
    details: dict[str, str] = field(default_factory=dict)
    # Accounts issued by GACC must change their password at their first login (found).
    must_change_password: bool = False

    def public(self) -> dict[str, Any]:
        return {"username": self.username, "kind": self.kind, "details": dict(self.details)}


@dataclass
class Upload:
    id: str
    account: str
    name: str
    size: int
    sha256: str


@dataclass
class Draft:
    id: str
    account: str
    item: str
    values: dict[str, str]
    saved_at: str


@dataclass
class Submission:
    application_no: str
    account: str
    item: str
    values: dict[str, str]
    submitted_at: str


class ReplicaState:
    """Thread-safe record of everything that changed at the replica."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._clear()

    def _clear(self) -> None:
        self.accounts: dict[str, Account] = {}
        self.logins: list[dict[str, str]] = []
        self.uploads: dict[str, Upload] = {}
        self.drafts: dict[str, Draft] = {}
        self.submissions: list[Submission] = []
        self.accounts_created: list[str] = []
        # Every POST of the registration form (立即注册), accepted or not, and every change
        # of a password: what "never twice" tests count.
        self.register_posts: list[dict[str, str]] = []
        self.failed_logins: list[dict[str, str]] = []
        self.password_changes: list[dict[str, str]] = []
        # Each reading of an account's 综合查询 (comprehensive query).
        self.queries: list[dict[str, str]] = []
        self.captchas_shown = 0  # captcha images served: a person is asked
        self._sequence = itertools.count(1)

    def captcha_shown(self) -> int:
        """Count a captcha image served; its number (the first is 1)."""
        with self._changing():
            self.captchas_shown += 1
            return self.captchas_shown

    def reset(self) -> None:
        with self._changing():
            self._clear()

    def add_account(
        self,
        username: str,
        password: str,
        kind: str = "self",
        details: dict[str, str] | None = None,
        *,
        must_change_password: bool = False,
    ) -> Account:
        with self._changing():
            account = Account(
                username, md5_hex(password), kind, dict(details or {}), must_change_password
            )
            self.accounts[username.lower()] = account
            return account

    def register(self, username: str, password: str, details: dict[str, str]) -> bool:
        """Create a self-registered account; False when the username is taken."""
        with self._changing():
            if username.lower() in self.accounts:
                return False
            self.accounts[username.lower()] = Account(username, md5_hex(password), "self", details)
            self.accounts_created.append(username)
            return True

    def check_login(self, username: str, password_md5: str) -> Account | None:
        with self._changing():
            account = self.accounts.get(username.lower())
            if account is None or account.password_md5 != password_md5.lower():
                self.failed_logins.append({"username": username, "at": _now()})
                return None
            self.logins.append({"username": account.username, "at": _now()})
            return account

    def add_upload(self, account: str, name: str, data: bytes) -> Upload:
        with self._changing():
            upload = Upload(
                id=f"F{next(self._sequence):08d}",
                account=account,
                name=name,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
            self.uploads[upload.id] = upload
            return upload

    def upload_of(self, upload_id: str, account: str) -> Upload | None:
        with self._lock:
            upload = self.uploads.get(upload_id)
            return upload if upload is not None and upload.account == account else None

    def note_register_post(self, username: str) -> None:
        """Every POST of the registration form (立即注册), whatever comes of it."""
        with self._changing():
            self.register_posts.append({"username": username, "at": _now()})

    def note_query(self, username: str) -> None:
        """An account's 综合查询 was read."""
        with self._changing():
            self.queries.append({"username": username, "at": _now()})

    def change_password(self, username: str, old_md5: str, new_password: str) -> bool:
        """Change an account's password, given the old one's hash; False if it is wrong."""
        with self._changing():
            account = self.accounts.get(username.lower())
            if account is None or account.password_md5 != old_md5.lower():
                return False
            account.password_md5 = md5_hex(new_password)
            account.must_change_password = False
            self.password_changes.append({"username": account.username, "at": _now()})
            return True

    def save_draft(
        self, account: str, item: str, values: dict[str, str], draft_id: str | None = None
    ) -> Draft:
        """Save a draft: a new record for a newly opened form, else the form's own."""
        with self._changing():
            known = self.drafts.get(draft_id or "")
            if known is None or known.account != account:
                draft_id = f"D{next(self._sequence):08d}"
            draft = Draft(draft_id or "", account, item, dict(values), _now())
            self.drafts[draft.id] = draft
            return draft

    def draft(self, draft_id: str | None, account: str) -> Draft | None:
        with self._lock:
            draft = self.drafts.get(draft_id or "")
            return draft if draft is not None and draft.account == account else None

    def submit(
        self, account: str, item: str, values: dict[str, str], draft_id: str | None = None
    ) -> Submission:
        with self._changing():
            # 18 digits: the date and a ten-digit sequence, as the portal's receipts read.
            number = f"{datetime.now():%Y%m%d}{next(self._sequence):010d}"
            submission = Submission(number, account, item, dict(values), _now())
            self.submissions.append(submission)
            # The draft a submitted form was opened from is the submission now.
            if draft_id and draft_id in self.drafts and self.drafts[draft_id].account == account:
                del self.drafts[draft_id]
            return submission

    def of_account(self, account: str) -> tuple[list[Draft], list[Submission]]:
        with self._lock:
            drafts = [d for d in self.drafts.values() if d.account == account]
            submissions = [s for s in self.submissions if s.account == account]
            return drafts, submissions

    def wait_until(self, reached: Callable[[dict[str, Any]], bool], timeout: float) -> bool:
        """Wait until the record satisfies `reached` (a test's event), or `timeout` s."""
        with self._lock:
            return self._lock.wait_for(lambda: reached(self._snapshot()), timeout)

    @contextlib.contextmanager
    def _changing(self) -> Iterator[None]:
        """Hold the lock for a change, and wake whoever waits for one."""
        with self._lock:
            yield
            self._lock.notify_all()

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return self._snapshot()

    def _snapshot(self) -> dict[str, Any]:
        """Everything recorded, without any password or password hash (lock held)."""
        return {
            "accounts": [a.public() for a in self.accounts.values()],
            "accounts_created": list(self.accounts_created),
            "logins": list(self.logins),
            "uploads": [asdict(u) for u in self.uploads.values()],
            "drafts": [asdict(d) for d in self.drafts.values()],
            "submissions": [asdict(s) for s in self.submissions],
            "register_posts": list(self.register_posts),
            "failed_logins": list(self.failed_logins),
            "password_changes": list(self.password_changes),
            "queries": list(self.queries),
            "captchas_shown": self.captchas_shown,
        }


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")
