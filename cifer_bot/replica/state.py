"""What the replica remembers: accounts, logins, uploads, drafts and submissions.

Tests read it (`GET /__replica/state` or `Replica.state.snapshot()`) to prove what the
tool did, and did not do, at the portal.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
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
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self.accounts: dict[str, Account] = {}
        self.logins: list[dict[str, str]] = []
        self.uploads: dict[str, Upload] = {}
        self.drafts: dict[tuple[str, str], Draft] = {}
        self.submissions: list[Submission] = []
        self.accounts_created: list[str] = []
        self._sequence = itertools.count(1)

    def reset(self) -> None:
        with self._lock:
            self._clear()

    def add_account(
        self,
        username: str,
        password: str,
        kind: str = "self",
        details: dict[str, str] | None = None,
    ) -> Account:
        with self._lock:
            account = Account(username, md5_hex(password), kind, dict(details or {}))
            self.accounts[username.lower()] = account
            return account

    def register(self, username: str, password: str, details: dict[str, str]) -> bool:
        """Create a self-registered account; False when the username is taken."""
        with self._lock:
            if username.lower() in self.accounts:
                return False
            self.accounts[username.lower()] = Account(username, md5_hex(password), "self", details)
            self.accounts_created.append(username)
            return True

    def check_login(self, username: str, password_md5: str) -> Account | None:
        with self._lock:
            account = self.accounts.get(username.lower())
            if account is None or account.password_md5 != password_md5.lower():
                return None
            self.logins.append({"username": account.username, "at": _now()})
            return account

    def add_upload(self, account: str, name: str, data: bytes) -> Upload:
        with self._lock:
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

    def save_draft(self, account: str, item: str, values: dict[str, str]) -> Draft:
        with self._lock:
            draft = Draft(account, item, dict(values), _now())
            self.drafts[(account, item)] = draft
            return draft

    def draft(self, account: str, item: str) -> Draft | None:
        with self._lock:
            return self.drafts.get((account, item))

    def submit(self, account: str, item: str, values: dict[str, str]) -> Submission:
        with self._lock:
            # 18 digits: the date and a ten-digit sequence, as the portal's receipts read.
            number = f"{datetime.now():%Y%m%d}{next(self._sequence):010d}"
            submission = Submission(number, account, item, dict(values), _now())
            self.submissions.append(submission)
            self.drafts.pop((account, item), None)
            return submission

    def of_account(self, account: str) -> tuple[list[Draft], list[Submission]]:
        with self._lock:
            drafts = [d for d in self.drafts.values() if d.account == account]
            submissions = [s for s in self.submissions if s.account == account]
            return drafts, submissions

    def snapshot(self) -> dict[str, Any]:
        """Everything recorded, without any password or password hash."""
        with self._lock:
            return {
                "accounts": [a.public() for a in self.accounts.values()],
                "accounts_created": list(self.accounts_created),
                "logins": list(self.logins),
                "uploads": [asdict(u) for u in self.uploads.values()],
                "drafts": [asdict(d) for d in self.drafts.values()],
                "submissions": [asdict(s) for s in self.submissions],
            }


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")
