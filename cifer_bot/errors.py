"""The package's one exception family. The CLI turns each into a sentence and an exit code."""

from __future__ import annotations


class CiferBotError(Exception):
    """Base of every error the tool reports to a person.

    `exit_code` follows the CLI's contract: 1 for a failure at the portal or the
    machine, 2 for invalid input.
    """

    exit_code = 1


class InputError(CiferBotError):
    """The user's input (facility file, options, map) is not usable."""

    exit_code = 2


class BrowserNotFound(CiferBotError):
    """No browser to drive: the message says what to install."""


class BrowserSettingInvalid(BrowserNotFound):
    """CIFER_BOT_BROWSER names something that is not a browser executable."""


class ReplicaError(CiferBotError):
    """The offline replica cannot start as asked."""


class PortalError(CiferBotError):
    """The portal (live or replica) did not behave as the selector map expects."""


def first_line(error: BaseException) -> str:
    """An error's first line: Playwright's messages carry a long call log after it."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


# The exit codes of every command: 0 all done, 1 a failure at the portal or the machine,
# 2 invalid input (a run still fills the valid rows).
EXIT_OK = 0
EXIT_FAILED = CiferBotError.exit_code
EXIT_INPUT = InputError.exit_code


def exit_code(*, failed: bool, invalid: bool = False) -> int:
    """The exit code of a command that did several things: a failure outranks bad input."""
    if failed:
        return EXIT_FAILED
    return EXIT_INPUT if invalid else EXIT_OK
