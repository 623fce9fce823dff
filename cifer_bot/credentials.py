"""Passwords: the only module that reads or writes a secret.

Settings come from the environment and from `.env` in the current working directory
(real environment variables win), all with the prefix `CIFER_BOT_`:

- `CIFER_BOT_PASSWORD__<USERNAME>`: the password of one portal account, named by its
  username (case does not matter), e.g. `CIFER_BOT_PASSWORD__yarrachoc01`.
- `PGPASSWORD`: the password of a shared journal (`--journal postgresql://...`) whose
  URL holds none. PostgreSQL's client reads it from the environment, and `~/.pgpass`,
  itself; here it is read from `.env` too.

`.env` is read by pydantic-settings, never by `load_dotenv()`, which would search from
the package's own folder rather than the user's.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import string
from pathlib import Path

from pydantic import SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from cifer_bot.errors import InputError
from cifer_bot.facilities import rules
from cifer_bot.facilities.models import AbroadAccount, AccountDetails
from cifer_bot.files import file_error, make_private, write_private

ENV_PREFIX = "CIFER_BOT_"
PASSWORD_PREFIX = f"{ENV_PREFIX}PASSWORD__"
OLD_PASSWORD_PREFIX = f"{ENV_PREFIX}PASSWORD_OLD__"
DEFAULT_ENV_FILE = Path(".env")
# Symbols a generated password draws from: none that a shell, a .env file or a
# form's HTML would treat specially ($ # ' " \ ` = and space are left out).
GENERATED_SYMBOLS = "!%*+-.?@^_~"
GENERATED_LENGTH = 16


class Credentials(BaseSettings):
    """Passwords by username."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        env_file=DEFAULT_ENV_FILE,
        env_file_encoding="utf-8",
        case_sensitive=False,
        extra="ignore",
        # A malformed entry must not print its value: it may be a password.
        hide_input_in_errors=True,
    )

    password: dict[str, SecretStr] = {}
    # The password an account had before `password new --force` replaced it: what the
    # portal's forced change at the first login asks for (CIFER_BOT_PASSWORD_OLD__<USER>).
    password_old: dict[str, SecretStr] = {}

    def old_password_for(self, username: str) -> SecretStr | None:
        """The account's previous password, kept for the portal's password change."""
        found = self.password_old.get(username.casefold())
        return found if found is not None and found.get_secret_value() else None

    def password_for(self, username: str) -> SecretStr:
        """The password of `username`'s account, or an InputError that says where to put it."""
        found = self.password.get(username.casefold())
        if found is None or not found.get_secret_value():
            raise InputError(
                f"no password for the portal account {username!r}: set "
                f"{password_variable(username)} in the environment or in .env, or run "
                f"`cifer-bot password new {username}` for a new account"
            )
        return found


def load_credentials(*, env_file: Path | None = DEFAULT_ENV_FILE) -> Credentials:
    """The credentials from the environment and `env_file` (None: the environment only,
    as tests do)."""
    if env_file is not None:
        _check_env_file(env_file)
    try:
        return Credentials(_env_file=env_file)
    except (ValidationError, SettingsError) as error:
        where = f"the environment or {env_file}" if env_file else "the environment"
        names = (
            ", ".join(
                ENV_PREFIX + "__".join(str(part) for part in item["loc"]).upper()
                for item in error.errors(include_input=False)
            )
            if isinstance(error, ValidationError)
            else "a CIFER_BOT_ setting"
        )
        raise InputError(
            f"cannot read the credentials in {where}: {names} is malformed; a password is "
            f"set as {PASSWORD_PREFIX}<USERNAME>=... (see .env.example)"
        ) from None


class _JournalSettings(BaseSettings):
    """The shared journal's password, as `.env` may hold it (no prefix: libpq's name)."""

    model_config = SettingsConfigDict(
        env_file=DEFAULT_ENV_FILE,
        env_file_encoding="utf-8",
        case_sensitive=False,
        extra="ignore",
        hide_input_in_errors=True,
    )

    pgpassword: SecretStr | None = None


def journal_password(*, env_file: Path | None = DEFAULT_ENV_FILE) -> SecretStr | None:
    """The password of the shared journal from `.env` (PGPASSWORD), for a URL that holds
    none; None when the environment has one (PostgreSQL's client reads it) or `.env`
    does not."""
    if os.environ.get("PGPASSWORD") or env_file is None:
        return None
    _check_env_file(env_file)
    found = _JournalSettings(_env_file=env_file).pgpassword
    return found if found is not None and found.get_secret_value() else None


def _check_env_file(env_file: Path) -> None:
    """A `.env` that is a folder, or cannot be read, is said so: pydantic-settings would
    pass over it, and every account would then seem to have no password."""
    if env_file.is_dir():
        raise InputError(
            f"{env_file} is a folder, not a file: passwords are kept in a file of that name "
            "(see .env.example); move the folder away"
        )
    if env_file.exists():
        try:
            with env_file.open("rb"):
                pass
        except OSError as error:
            raise file_error(error, env_file, "read") from None


def old_password_variable(username: str) -> str:
    return f"{OLD_PASSWORD_PREFIX}{username}"


def password_variable(username: str) -> str:
    return f"{PASSWORD_PREFIX}{username}"


def abroad_account(details: AccountDetails, *, password: SecretStr) -> AbroadAccount:
    """The full registration form of a new account: `details` and its password.

    The password rule is checked here, for every new account; a password that breaks it
    is an InputError that names the account and the rule, never the password.
    """
    try:
        return AbroadAccount.from_details(details, password)
    except ValidationError as error:
        # The model applies the rule; its errors never quote the password.
        reasons = "; ".join(
            str(item["msg"]).removeprefix("Value error, ")
            for item in error.errors(include_input=False)
        )
        raise InputError(
            f"the stored password of {details.username!r} cannot register an account: "
            f"{reasons}; set {password_variable(details.username)} in the environment or "
            f".env (`cifer-bot password new {details.username} --force` makes one that can)"
        ) from None


def fingerprint(password: SecretStr, salt: str | None = None) -> str:
    """A short salted fingerprint of a password (`salt:digest`): enough to tell that the
    stored password changed since the portal refused it, too little to recover it or
    to test a guess against many (32 bits, salted)."""
    salt = salt if salt is not None else secrets.token_hex(8)
    digest = hashlib.sha256(f"{salt}:{password.get_secret_value()}".encode()).hexdigest()
    return f"{salt}:{digest[:8]}"


def same_password(password: SecretStr, recorded: str) -> bool:
    """Whether `password` is the one a fingerprint was taken of."""
    salt, _, _ = recorded.partition(":")
    return bool(salt) and fingerprint(password, salt) == recorded


def generate_password(length: int = GENERATED_LENGTH) -> SecretStr:
    """A random password that meets the portal's rule and the guide's stricter one."""
    if not rules.PASSWORD_MIN <= length <= rules.PASSWORD_MAX:
        raise ValueError(f"a password has {rules.PASSWORD_MIN}-{rules.PASSWORD_MAX} characters")
    kinds = (string.ascii_uppercase, string.ascii_lowercase, string.digits, GENERATED_SYMBOLS)
    alphabet = "".join(kinds)
    chars = [secrets.choice(kind) for kind in kinds]
    chars += [secrets.choice(alphabet) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    password = "".join(chars)
    rules.check_password(password)
    return SecretStr(password)


def _entry(username: str, *, prefix: str = PASSWORD_PREFIX) -> re.Pattern[str]:
    return re.compile(
        rf"^\s*(?:export\s+)?{re.escape(prefix)}{re.escape(username)}\s*=",
        re.IGNORECASE,
    )


def new_password(*, username: str, env_file: Path = DEFAULT_ENV_FILE, force: bool = False) -> str:
    """Generate a password for `username` and store it in `env_file` (mode 0600).

    Refuses to replace an existing entry unless `force`. Returns a sentence for the
    person, which never contains the password.
    """
    try:
        rules.check_username(username)
    except ValueError as error:
        raise InputError(f"{username!r} cannot be a portal username: {error}") from None
    if not env_file.parent.is_dir():
        raise InputError(
            f"cannot write {env_file}: its folder {env_file.parent} does not exist; create "
            "it first, or give another --env-file"
        )
    _check_env_file(env_file)
    lines = env_file.read_text(encoding="utf-8").splitlines() if env_file.exists() else []
    pattern = _entry(username)
    existing = [i for i, line in enumerate(lines) if pattern.match(line)]
    if existing and not force:
        make_private(env_file)
        raise InputError(
            f"{env_file} has a password for {username!r} already; add --force to replace "
            f"it (the old one is kept as {old_password_variable(username)}, for the portal's "
            "password change)"
        )
    password = generate_password()
    # Single quotes: python-dotenv expands no variables in them.
    entry = f"{password_variable(username)}='{password.get_secret_value()}'"
    if existing:
        # The old password, for the portal's change form: it asks for both.
        old_value = lines[existing[0]].split("=", 1)[1]
        old_pattern = _entry(username, prefix=OLD_PASSWORD_PREFIX)
        lines = [line for line in lines if not old_pattern.match(line)]
        existing = [i for i, line in enumerate(lines) if pattern.match(line)]
        lines.insert(existing[0], f"{old_password_variable(username)}={old_value}")
        existing = [i + 1 for i in existing]
    lines = [line for i, line in enumerate(lines) if i not in existing[1:]]
    if existing:
        lines[existing[0]] = entry
    else:
        lines.append(entry)
    write_private(env_file, "\n".join(lines) + "\n")
    message = (
        f"stored a new password for {username!r} in {env_file} (mode 0600) as "
        f"{password_variable(username)}; it is not shown"
    )
    if any(pattern.match(f"{name}=") for name in os.environ):
        message += (
            f". Note: {password_variable(username)} is also set in the environment, "
            f"which wins over {env_file}"
        )
    return message
