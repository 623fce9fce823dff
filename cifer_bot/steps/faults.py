"""The faults a walk of the portal tells apart: those after which a fresh start is
safe (nothing was submitted), and those a fresh start would only repeat."""

from __future__ import annotations

from urllib.parse import unquote

from cifer_bot.errors import PortalError


class RetryablePortalError(PortalError):
    """A fault of the portal that a fresh attempt may not meet: nothing was submitted."""


class PortalUnavailable(RetryablePortalError):
    """The portal answered a page with an HTTP error (5xx)."""

    @classmethod
    def answered(cls, step: str, status: int, url: str, evidence: str) -> PortalUnavailable:
        """The fault of a page answered with `status`, its address as a person reads it."""
        return cls(
            f"{step}: the portal answered HTTP {status} for {unquote(url)} (its error page "
            f"says it is busy); nothing was submitted. {evidence}"
        )


class SessionExpired(RetryablePortalError):
    """The portal forgot the login part-way (its login page came back)."""


class PageTimeout(RetryablePortalError):
    """A page did not show within the time allowed."""


class LoginRefused(PortalError):
    """The portal refused the username or password."""

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason  # the portal's own words, in Chinese and English


class UnknownPage(PortalError):
    """The browser shows a page that no page of the selector map describes."""


class UnknownOutcome(PortalError):
    """A control with an effect on the portal was pressed and the portal did not say
    what came of it: the portal is asked before anything is done again."""

    def __init__(self, message: str, *, action: str) -> None:
        super().__init__(message)
        self.action = action


class PasswordChangeRequired(PortalError):
    """The portal asks the account to change its password before anything else."""


class AccountExists(PortalError):
    """The portal says the username is taken: an earlier run created the account."""
