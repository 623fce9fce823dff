"""Countries: an ISO 3166-1 alpha-3 code from what a person or a portal writes.

A facility file may give a country as a code (`AUS`, `AU`), an English name, a Chinese
name (`澳大利亚`, from pycountry's `zh_CN` catalogue) or as the portal's select shows it
(`AUS 澳大利亚`).
"""

from __future__ import annotations

import difflib
import gettext
import unicodedata
from functools import cache

import pycountry


def normalise_country(value: object) -> str:
    """The ISO 3166-1 alpha-3 code of a country given by code ('AUS', 'AU'), English
    name ('Australia'), Chinese name ('澳大利亚') or as the portal's select shows it
    ('AUS 澳大利亚')."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("give the country as a name (Australia) or an ISO code (AUS or AU)")
    text = value.strip()
    code = _country_code(text)
    if code is None:
        first = text.split()[0]
        if len(first) == 3 and first.isascii():
            code = _country_code(first)
    if code is None:
        raise ValueError(_unknown_country(text))
    if code == "CHN":
        raise ValueError(
            "the registration is for facilities outside China's customs territory; "
            "CHN is not an overseas country"
        )
    return code


def _country_code(text: str) -> str | None:
    try:
        return str(pycountry.countries.lookup(text).alpha_3)
    except LookupError:
        return _chinese_country_names().get(fold(text))


def fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@cache
def _chinese_country_names() -> dict[str, str]:
    try:
        zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    except OSError:
        return {}
    return {fold(zh.gettext(c.name)): str(c.alpha_3) for c in pycountry.countries}


def _unknown_country(text: str) -> str:
    names = {str(c.name): str(c.alpha_3) for c in pycountry.countries}
    close = difflib.get_close_matches(text, list(names), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(f'{n} ({names[n]})' for n in close)}?" if close else ""
    return (
        f"{text!r} is not a country: give an English name (Australia) or an ISO 3166-1 "
        f"code (AUS or AU){hint}"
    )


def country_name(alpha3: str) -> str:
    country = pycountry.countries.get(alpha_3=alpha3)
    return str(country.name) if country else alpha3


def alpha2(code: str) -> str | None:
    country = pycountry.countries.get(alpha_3=code)
    return str(country.alpha_2) if country else None


def alpha3(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return str(country.alpha_3) if country else code
