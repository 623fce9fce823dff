"""The portal's own checks of what is posted, answered with its own Chinese texts.

The rules are the portal's, not cifer-bot's (which enforces the guide's stricter ones
before a browser opens): the password hint's "any two kinds", a loose telephone
pattern, ISO alpha-3 countries, dates as YYYY-MM-DD, the fields' lengths (the selector
map's assumptions, `PageSet.max_length`), and the upload's types and size.
"""

from __future__ import annotations

import email.parser
import email.policy
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pycountry

from cifer_bot.replica.pages import PageSet


@dataclass(frozen=True)
class Part:
    """A file of a multipart/form-data body: its field, its name and its bytes (a file
    field left empty is posted with an empty name)."""

    field: str
    filename: str
    data: bytes


_USERNAME = re.compile(r"(?=.*[A-Za-z])[A-Za-z0-9]{6,18}")
_PASSWORD_CHARS = re.compile(r"[\x21-\x7e]{8,16}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_TEL = re.compile(r"\+?[0-9][0-9\s\-()]{4,29}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNTRIES = frozenset(country.alpha_3 for country in pycountry.countries)
COUNTRIES = _COUNTRIES


def account_errors(pages: PageSet, form: dict[str, str]) -> list[str]:
    """Every rule of the registration form the posted values break, in form order."""
    errors: list[str] = []
    for spec in pages.fields("register"):
        name, label = spec["name"], spec["label"]
        value = form.get(name, "").strip()
        if not value:
            if spec.get("required"):
                key = "country_required" if name == "countryCode" else "required"
                errors.append(pages.message("register", key, label=label))
            continue
        limit = pages.max_length("register", label)
        if limit is not None and len(value) > limit:
            errors.append(pages.message("register", "too_long", label=label, max=limit))
        elif name == "userName" and not _USERNAME.fullmatch(value):
            errors.append(pages.message("register", "username_rule"))
        elif name == "password" and not portal_password_ok(form.get("password", "")):
            errors.append(pages.message("register", "password_rule"))
        elif name == "confirmPassword" and form.get("confirmPassword") != form.get("password"):
            errors.append(pages.message("register", "password_mismatch"))
        elif name == "countryCode" and value not in _COUNTRIES:
            errors.append(pages.message("register", "country_required"))
        elif name == "contactEmail" and not _EMAIL.fullmatch(value):
            errors.append(pages.message("register", "email_rule"))
        elif name == "contactTel" and not _TEL.fullmatch(value):
            errors.append(pages.message("register", "tel_rule"))
    return errors


def application_errors(
    pages: PageSet, values: dict[str, str], uploaded: Callable[[str], bool]
) -> list[str]:
    """Every rule of the application form the posted values break, in form order.

    `uploaded` tells whether a file id names an upload of the same account.
    """
    errors: list[str] = []
    for spec in pages.fields("application"):
        name, label, kind = spec["name"], spec["label"], spec.get("kind", "text")
        value = values.get(name, "")
        limit = pages.max_length("application", label)
        if not value:
            if spec.get("required"):
                key = "file_required" if kind == "file" else "required"
                errors.append(pages.message("application", key, label=label))
        elif limit is not None and len(value) > limit:
            errors.append(pages.message("application", "too_long", label=label, max=limit))
        elif kind == "email" and not _EMAIL.fullmatch(value):
            errors.append(pages.message("application", "email_rule", label=label))
        elif kind == "date" and not valid_date(value):
            errors.append(pages.message("application", "date_rule", label=label))
        elif kind == "select" and name == "countryCode" and value not in _COUNTRIES:
            errors.append(pages.message("application", "required", label=label))
        elif kind == "file" and not uploaded(value):
            errors.append(pages.message("application", "file_required"))
    return errors


def portal_password_ok(password: str) -> bool:
    """The portal's own rule (the page's hint): 8-16, any two kinds of character."""
    if not _PASSWORD_CHARS.fullmatch(password):
        return False
    kinds = [
        any(c.isupper() for c in password),
        any(c.islower() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    ]
    return sum(kinds) >= 2


def valid_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def multipart_parts(content_type: str, body: bytes) -> tuple[dict[str, str], list[Part]]:
    """A multipart/form-data body: its fields (name -> text) and its files, in order."""
    fields: dict[str, str] = {}
    parts: list[Part] = []
    if not content_type.startswith("multipart/form-data"):
        return fields, parts
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            parts.append(Part(str(name or ""), filename, data))
        elif isinstance(name, str):
            fields.setdefault(name, data.decode("utf-8", "replace"))
    return fields, parts


def multipart_file(content_type: str, body: bytes) -> tuple[str | None, bytes]:
    """The first file part of a multipart/form-data body: (file name, bytes)."""
    _, parts = multipart_parts(content_type, body)
    chosen = next((part for part in parts if part.filename), None)
    return (chosen.filename, chosen.data) if chosen is not None else (None, b"")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    for part in message.iter_parts():
        filename = part.get_filename()
        if filename:
            payload = part.get_payload(decode=True)
            return filename, payload if isinstance(payload, bytes) else b""
    return None, b""
