"""The portal's rules, and the guide's, as plain functions.

Each check returns the value (normalised where there is one right form) or raises
ValueError with a sentence a person who reads no Chinese can act on. Pydantic turns
the ValueError into a validation error, so the models use these directly. No message
ever repeats a password.
"""

from __future__ import annotations

import re
import string
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from cifer_bot.facilities.countries import alpha2, alpha3, country_name, fold

USERNAME_MIN, USERNAME_MAX = 6, 18
PASSWORD_MIN, PASSWORD_MAX = 8, 16
PASSWORD_SYMBOLS = string.punctuation
UPLOAD_EXTENSIONS = ("jpg", "jpeg", "gif", "png", "bmp", "pdf")
UPLOAD_MAX_BYTES = 4 * 1024 * 1024  # the portal's "4M"

Role = Literal["manufacturer", "storage", "brand_owner", "freight_forwarder"]
ROLES: tuple[Role, ...] = ("manufacturer", "storage", "brand_owner", "freight_forwarder")
AccountOrigin = Literal["self_registration", "competent_authority"]
ACCOUNT_ORIGINS: tuple[AccountOrigin, ...] = ("self_registration", "competent_authority")

_USERNAME = re.compile(r"[A-Za-z0-9]+")
_WORDS = re.compile(r"[^\W_]+")
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")


# --- the account ---------------------------------------------------------------------


def check_username(value: str) -> str:
    """6-18 characters, English letters only or letters and digits (guide, step 3)."""
    value = value.strip()
    if not USERNAME_MIN <= len(value) <= USERNAME_MAX:
        raise ValueError(
            f"a username has {USERNAME_MIN}-{USERNAME_MAX} characters, this one has {len(value)}"
        )
    if not _USERNAME.fullmatch(value):
        raise ValueError(
            "a username may contain only the English letters A-Z and a-z and the digits 0-9"
        )
    if value.isdigit():
        raise ValueError("a username needs at least one letter: letters, or letters and digits")
    return value


def check_password(value: str) -> str:
    """8-16 characters with an upper and a lower case letter, a digit and a symbol.

    The portal's hint asks for any two of those kinds; the guide advises all four, and
    a password meeting the guide's rule meets the portal's too. Messages describe the
    password, never repeat it.
    """
    if not PASSWORD_MIN <= len(value) <= PASSWORD_MAX:
        raise ValueError(
            f"a password has {PASSWORD_MIN}-{PASSWORD_MAX} characters, this one has {len(value)}"
        )
    allowed = set(string.ascii_letters + string.digits + PASSWORD_SYMBOLS)
    if any(ch not in allowed for ch in value):
        raise ValueError(
            "a password may contain only English letters, digits and the symbols "
            f"{PASSWORD_SYMBOLS} (no spaces, no other characters)"
        )
    missing = [
        kind
        for kind, present in (
            ("upper case letter", any(ch.isupper() for ch in value)),
            ("lower case letter", any(ch.islower() for ch in value)),
            ("digit", any(ch.isdigit() for ch in value)),
            ("symbol", any(ch in PASSWORD_SYMBOLS for ch in value)),
        )
        if not present
    ]
    if missing:
        raise ValueError(
            "a password needs at least one upper case letter, one lower case letter, a digit "
            f"and a symbol (the guide's rule); this one has no {', no '.join(missing)}"
        )
    return value


# --- e-mail and telephone ------------------------------------------------------------


def check_email(value: str) -> str:
    """A well-formed e-mail address (not checked for deliverability: no network)."""
    try:
        return str(validate_email(value.strip(), check_deliverability=False).normalized)
    except EmailNotValidError as error:
        raise ValueError(f"not a valid e-mail address ({error})") from None


def normalise_phone(value: str, country: str | None) -> str:
    """A valid telephone number in international form (`+61 3 9123 4567`).

    A number without a country code is read as a number of `country` (alpha-3). When
    the country itself is unknown (its own error is reported), only a number written
    with its country code can be checked; any other is returned as given. A refusal
    says why: too few digits, too many, or no such number.
    """
    text = value.strip()
    region = alpha2(country) if country else None
    kind = phonenumbers.NumberParseException
    try:
        number = phonenumbers.parse(text, region)
    except kind as error:
        if error.error_type == kind.INVALID_COUNTRY_CODE:
            if region is None:
                return text
            raise ValueError(
                _phone_message(region, "starts with no country's code", where=False)
            ) from None
        if error.error_type in (kind.TOO_SHORT_NSN, kind.TOO_SHORT_AFTER_IDD):
            raise ValueError(
                _phone_message(region, "is too short for a telephone number")
            ) from None
        raise ValueError(_phone_message(region, "is not a telephone number")) from None
    if phonenumbers.is_valid_number(number):
        return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))
    code = number.country_code or 0
    found = phonenumbers.region_code_for_country_code(code)
    own = found if found and found != phonenumbers.UNKNOWN_REGION else region
    digits = len(phonenumbers.national_significant_number(number))
    after = f" after the country code +{code}" if text[:1] == "+" else ""
    result = phonenumbers.ValidationResult
    # The portal asks for a line or a mobile: a shorter service number does not count.
    reason = phonenumbers.is_possible_number_for_type_with_reason(
        number, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE
    )
    if reason == result.TOO_SHORT:
        what = f"has only {digits} digits{after}, too few for a telephone number"
    elif reason in (result.TOO_LONG, result.INVALID_LENGTH):
        what = f"has {digits} digits{after}, too many for a telephone number"
    elif reason == result.IS_POSSIBLE_LOCAL_ONLY:
        what = f"has only {digits} digits{after}, too few for a whole telephone number"
        raise ValueError(_phone_message(own, what, then=" (is the area code missing?)"))
    else:
        what = "is not a telephone number in use"
        raise ValueError(_phone_message(own, what, then=" (no such area code or range)"))
    raise ValueError(_phone_message(own, what))


def _phone_message(region: str | None, what: str, *, where: bool = True, then: str = "") -> str:
    example = phonenumbers.example_number(region) if region else None
    shown = (
        phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        if example
        else "+61 3 9123 4567"
    )
    country = f" of {country_name(alpha3(region))}" if region and where else ""
    return (
        f"{what}{country}{then}: write it in international form with the country code, e.g. {shown}"
    )


# --- dates ---------------------------------------------------------------------------


def parse_date(value: object) -> date:
    """A date written `YYYY-MM-DD`, or a date a spreadsheet cell or YAML already holds."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _ISO_DATE.fullmatch(value.strip())
        if match:
            try:
                return date.fromisoformat(match.group(1))
            except ValueError:
                raise ValueError(f"{match.group(1)} is not a date of the calendar") from None
    raise ValueError("write the date as YYYY-MM-DD, e.g. 2019-03-01")


def check_not_future(value: date, *, today: date | None = None) -> date:
    """A date the portal means in the past (built, registered, expanded)."""
    today = today or date.today()
    if value > today:
        raise ValueError(f"is in the future (today is {today.isoformat()}); it must be a past date")
    return value


# --- uploads -------------------------------------------------------------------------

# What each allowed type's file starts with, so that a renamed file is caught here
# rather than by the portal.
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "bmp": (b"BM",),
}


def check_identity_document(path: Path) -> Path:
    """An existing jpg/jpeg/gif/png/bmp/pdf file of at most 4 MB (the upload's limits)."""
    if not path.exists():
        raise ValueError(f"no such file: {path}")
    if not path.is_file():
        raise ValueError(f"not a file: {path}")
    extension = path.suffix.lower().removeprefix(".")
    if extension not in UPLOAD_EXTENSIONS:
        raise ValueError(
            f"the portal accepts only {', '.join(UPLOAD_EXTENSIONS)} files, "
            f"not {path.suffix or 'a file without an extension'}"
        )
    size = path.stat().st_size
    if size == 0:
        raise ValueError(f"the file is empty: {path}")
    if size > UPLOAD_MAX_BYTES:
        raise ValueError(
            f"the file has {size:,} bytes and the portal accepts at most 4 MB "
            f"({UPLOAD_MAX_BYTES:,} bytes)"
        )
    with path.open("rb") as file:
        head = file.read(16)
    if not head.startswith(_SIGNATURES[extension]):
        raise ValueError(
            f"the file's content is not a {extension} file, although its name ends .{extension}"
        )
    return path


# --- the facility --------------------------------------------------------------------


def parse_bool(value: object) -> bool:
    """yes/no, true/false, 1/0, 是/否, or a spreadsheet's own TRUE/FALSE."""
    if isinstance(value, bool):
        return value
    text = fold(str(value)) if isinstance(value, str | int) else ""
    if text in {"yes", "y", "true", "1", "是"}:
        return True
    if text in {"no", "n", "false", "0", "否"}:
        return False
    raise ValueError("write yes or no")


def normalise_choice(value: object) -> object:
    """'Brand owner', 'brand-owner' and 'BRAND_OWNER' all mean brand_owner."""
    if isinstance(value, str):
        return re.sub(r"[\s\-]+", "_", value.strip().casefold())
    return value


def check_role(role: Role) -> Role:
    """Who registers (guide, introduction): one site that makes or stores the food."""
    if role == "brand_owner":
        raise ValueError(
            "a brand owner that uses contract manufacturers does not register: each "
            "contract manufacturer self-registers, once (the guide). List the "
            "manufacturer's site instead; if you make the food at your own site, "
            "its role is manufacturer"
        )
    if role == "freight_forwarder":
        raise ValueError(
            "a freight forwarder that only provides transitory storage does not apply "
            "(the guide). If the site is a storage facility in its own right, its role "
            "is storage"
        )
    return role


def comparable_address(address: str) -> str:
    """An address reduced to its letters and digits, so that '12 Main St, Hobart' and
    '12 main st hobart' are the same site; numbers stay apart, so that 'Unit 1, 12
    Harbour Road' and 'Unit 11, 2 Harbour Road' are two sites."""
    words = _WORDS.findall(unicodedata.normalize("NFKC", address).casefold())
    out = ""
    for word in words:
        # Two numbers side by side keep a boundary; everything else joins, so that
        # spacing and punctuation (and Chinese written with or without spaces) do not count.
        out += " " + word if out[-1:].isdigit() and word[:1].isdigit() else word
    return out
