"""Countries: an ISO 3166-1 alpha-3 code from what a person or a portal writes.

A facility file may give a country as a code (`AUS`, `AU`), an English name, a Chinese
name (`澳大利亚`, from pycountry's `zh_CN` catalogue) or as the portal's select shows it
(`AUS 澳大利亚`).
"""

from __future__ import annotations

import difflib
import gettext
import re
import unicodedata
from functools import cache

import pycountry

from cifer_bot.resources import data_dir, read_yaml

# What separates a code from a name in a portal's list: `AUS-澳大利亚`, `澳大利亚(AUS)`.
_SEPARATORS = re.compile(r"[\s\-\u2013\u2014_/|,，、;；:：()（）\[\]【】·.]+")


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


@cache
def _aliases() -> dict[str, tuple[str, ...]]:
    raw = read_yaml(data_dir() / "country-aliases.yaml")
    return {str(code): tuple(str(name) for name in names) for code, names in raw.items()}


@cache
def names_of(code: str) -> frozenset[str]:
    """Every name a portal may show for a country (folded): its codes, its English and
    Chinese names, and the aliases of `data/country-aliases.yaml`."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return frozenset({fold(code)})
    names = {country.alpha_3, country.alpha_2, country.name}
    for attribute in ("official_name", "common_name"):
        value = getattr(country, attribute, None)
        if value:
            names.add(value)
    zh = _chinese()
    names |= {zh.gettext(name) for name in list(names) if len(name) > 3}
    names |= set(_aliases().get(code, ()))
    return frozenset(fold(name) for name in names if name)


@cache
def _chinese() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    except OSError:
        return gettext.NullTranslations()


@cache
def _index() -> dict[str, str]:
    """Folded name -> alpha-3 code, for the names that name one country only."""
    owners: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for name in names_of(str(country.alpha_3)):
            owners.setdefault(name, set()).add(str(country.alpha_3))
    return {name: codes.pop() for name, codes in owners.items() if len(codes) == 1}


def country_in_text(text: str) -> str | None:
    """The country a portal's option text names, whole or in parts (`AUS-澳大利亚`,
    `澳大利亚(AUS)`, `Australia`); None when it names none, or more than one. Every part
    must name the same country: a prefix never counts (`澳门` is not `澳大利亚`)."""
    index = _index()
    whole = fold(text)
    if whole in index:
        return index[whole]
    parts = [fold(part) for part in _SEPARATORS.split(text) if fold(part)]
    codes = {index.get(part) for part in parts}
    if not parts or None in codes or len(codes) != 1:
        return None
    return codes.pop()
