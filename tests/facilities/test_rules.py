"""Each rule refuses a bad value and accepts good ones at its edges."""

from __future__ import annotations

import string
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cifer_bot.facilities import countries, rules

LETTERS = string.ascii_letters
ALNUM = string.ascii_letters + string.digits

# --- username ------------------------------------------------------------------------


@given(st.text(alphabet=LETTERS, min_size=6, max_size=18))
def test_usernames_of_letters_and_6_to_18_characters_pass(name: str) -> None:
    assert rules.check_username(name) == name


@given(
    st.text(alphabet=ALNUM, min_size=5, max_size=17).filter(lambda t: not t.isdigit()),
    st.sampled_from(LETTERS),
)
def test_usernames_of_letters_and_digits_pass(stem: str, letter: str) -> None:
    name = letter + stem
    assert rules.check_username(name) == name


@given(st.text(alphabet=ALNUM, max_size=5) | st.text(alphabet=ALNUM, min_size=19, max_size=40))
def test_usernames_of_the_wrong_length_fail(name: str) -> None:
    with pytest.raises(ValueError, match="6-18 characters"):
        rules.check_username(name)


@given(
    st.text(alphabet=ALNUM, min_size=3, max_size=8),
    st.characters(exclude_categories=["Cs"]).filter(lambda c: c not in ALNUM and not c.isspace()),
    st.text(alphabet=ALNUM, min_size=3, max_size=8),
)
def test_usernames_with_other_characters_fail(head: str, odd: str, tail: str) -> None:
    with pytest.raises(ValueError, match="only the English letters"):
        rules.check_username(head + odd + tail)


@pytest.mark.parametrize("name", ["123456", "000000000000000000"])
def test_usernames_of_digits_only_fail(name: str) -> None:
    with pytest.raises(ValueError, match="at least one letter"):
        rules.check_username(name)


def test_username_edges() -> None:
    assert rules.check_username("abcdef") == "abcdef"
    assert rules.check_username("a" * 18) == "a" * 18
    assert rules.check_username("  abc123  ") == "abc123"
    for bad in ("abcde", "a" * 19, "用户名用户名", "abc 123", "abc-123"):
        with pytest.raises(ValueError):
            rules.check_username(bad)


# --- password ------------------------------------------------------------------------

PASSWORD_CHARS = string.ascii_letters + string.digits + rules.PASSWORD_SYMBOLS


@st.composite
def good_passwords(draw: st.DrawFn) -> str:
    length = draw(st.integers(rules.PASSWORD_MIN, rules.PASSWORD_MAX))
    required = [
        draw(st.sampled_from(string.ascii_uppercase)),
        draw(st.sampled_from(string.ascii_lowercase)),
        draw(st.sampled_from(string.digits)),
        draw(st.sampled_from(rules.PASSWORD_SYMBOLS)),
    ]
    rest = draw(st.text(alphabet=PASSWORD_CHARS, min_size=length - 4, max_size=length - 4))
    return "".join(draw(st.permutations(required + list(rest))))


@given(good_passwords())
def test_passwords_with_all_four_kinds_pass(password: str) -> None:
    assert rules.check_password(password) == password


@given(good_passwords(), st.sampled_from(["upper", "lower", "digit", "symbol"]))
def test_passwords_missing_a_kind_fail_without_repeating_it(password: str, kind: str) -> None:
    def replace(c: str) -> str:
        if kind == "upper":
            return c.lower()
        if kind == "lower":
            return c.upper()
        if kind == "digit":
            return "x" if c.isdigit() else c
        return "y" if c in rules.PASSWORD_SYMBOLS else c

    spoiled = "".join(replace(c) for c in password)
    with pytest.raises(ValueError) as raised:
        rules.check_password(spoiled)
    assert spoiled not in str(raised.value)
    assert "the guide's rule" in str(raised.value)


@given(st.text(alphabet=PASSWORD_CHARS, max_size=7) | st.text(alphabet=PASSWORD_CHARS, min_size=17))
def test_passwords_of_the_wrong_length_fail(password: str) -> None:
    with pytest.raises(ValueError, match="8-16 characters") as raised:
        rules.check_password(password)
    # The message depends on the length alone: it cannot carry the password.
    with pytest.raises(ValueError) as other:
        rules.check_password("x" * len(password))
    assert str(raised.value) == str(other.value)


@pytest.mark.parametrize("password", ["Aa1!Aa1 ", "Aa1!Aa1é", "Aa1!密码Aa1"])
def test_passwords_with_other_characters_fail(password: str) -> None:
    with pytest.raises(ValueError, match="only English letters"):
        rules.check_password(password)


def test_password_edges() -> None:
    assert rules.check_password("Aa1!Aa1!") == "Aa1!Aa1!"
    assert rules.check_password("Aa1!" * 4) == "Aa1!" * 4
    for bad in ("Aa1!Aa1", "Aa1!" * 4 + "A", "aa1!aa1!", "AA1!AA1!", "Aaa!Aaa!", "Aa1aAa1a"):
        with pytest.raises(ValueError):
            rules.check_password(bad)


# --- country -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given_as",
    ["Australia", "australia", "AU", "au", "AUS", " AUS ", "澳大利亚", "AUS 澳大利亚"],
)
def test_countries_normalise_to_alpha3(given_as: str) -> None:
    assert countries.normalise_country(given_as) == "AUS"


def test_other_countries() -> None:
    assert countries.normalise_country("New Zealand") == "NZL"
    assert countries.normalise_country("FR") == "FRA"
    assert countries.normalise_country("Hong Kong") == "HKG"


@pytest.mark.parametrize("value", ["Austrlia", "Atlantis", "XX", "", 61, None])
def test_unknown_countries_fail(value: object) -> None:
    with pytest.raises(ValueError, match="country"):
        countries.normalise_country(value)


def test_an_unknown_country_suggests_close_names() -> None:
    with pytest.raises(ValueError, match=r"did you mean Australia \(AUS\)"):
        countries.normalise_country("Austrlia")


def test_china_is_not_an_overseas_country() -> None:
    with pytest.raises(ValueError, match="outside China's customs territory"):
        countries.normalise_country("CN")


# --- e-mail and telephone ------------------------------------------------------------


@pytest.mark.parametrize("email", ["a@example.com", "first.last+tag@sub.example.com.au"])
def test_good_emails_pass(email: str) -> None:
    assert rules.check_email(email) == email


@pytest.mark.parametrize("email", ["foo@", "@example.com", "a b@example.com", "a@@b.com", "plain"])
def test_bad_emails_fail(email: str) -> None:
    with pytest.raises(ValueError, match="not a valid e-mail address"):
        rules.check_email(email)


@pytest.mark.parametrize(
    ("number", "country", "expected"),
    [
        ("+61 3 9123 4567", "AUS", "+61 3 9123 4567"),
        ("03 9123 4567", "AUS", "+61 3 9123 4567"),
        ("(03) 9123-4567", "AUS", "+61 3 9123 4567"),
        ("0412 345 678", "AUS", "+61 412 345 678"),
        ("+64 3 234 5678", "AUS", "+64 3 234 5678"),  # a number abroad, with its code
        ("03 234 5678", "NZL", "+64 3 234 5678"),
        ("+61 3 9123 4567", None, "+61 3 9123 4567"),
    ],
)
def test_telephone_numbers_normalise_to_international_form(
    number: str, country: str | None, expected: str
) -> None:
    assert rules.normalise_phone(number, country) == expected


@pytest.mark.parametrize(
    ("number", "cause"),
    [
        ("12", "has only 2 digits, too few for a telephone number of Australia"),
        ("03 9123", "has only 5 digits, too few for a telephone number of Australia"),
        ("+61 3 12", "has only 3 digits after the country code +61, too few"),
        ("+61 3 9123 4567 8888", "has 13 digits after the country code +61, too many"),
        ("+61 1 1234 5678", "not a telephone number in use of Australia (no such area code"),
        ("phone me", "is not a telephone number of Australia"),
        ("+999 1", "starts with no country's code"),
    ],
)
def test_bad_telephone_numbers_fail_with_their_cause(number: str, cause: str) -> None:
    # What broke: every bad number was "not a valid telephone number ... write it in
    # international form", even one written so but a digit short.
    with pytest.raises(ValueError, match="write it in international form") as refused:
        rules.normalise_phone(number, "AUS")
    assert cause in str(refused.value)


def test_a_national_number_without_a_known_country_is_left_to_the_country_error() -> None:
    assert rules.normalise_phone("03 9123 4567", None) == "03 9123 4567"


# --- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2019-03-01",
        " 2019-03-01 ",
        "2019-03-01 00:00:00",
        date(2019, 3, 1),
        datetime(2019, 3, 1),
        datetime(2019, 3, 1, 12, 30),
    ],
)
def test_dates_parse(value: object) -> None:
    assert rules.parse_date(value) == date(2019, 3, 1)


@pytest.mark.parametrize(
    "value", ["01/03/2019", "2019/03/01", "1 March 2019", "20190301", 43525, None]
)
def test_other_date_forms_fail(value: object) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        rules.parse_date(value)


def test_an_impossible_date_fails() -> None:
    with pytest.raises(ValueError, match="not a date of the calendar"):
        rules.parse_date("2021-02-30")


def test_past_dates_and_today_pass_the_future_fails() -> None:
    today = date(2021, 11, 26)
    assert rules.check_not_future(today, today=today) == today
    assert rules.check_not_future(today - timedelta(days=1), today=today)
    with pytest.raises(ValueError, match="in the future"):
        rules.check_not_future(today + timedelta(days=1), today=today)


# --- identity document ---------------------------------------------------------------

SIGNATURES = {
    "pdf": b"%PDF-1.4\n",
    "jpg": b"\xff\xd8\xff\xe0",
    "jpeg": b"\xff\xd8\xff\xe0",
    "png": b"\x89PNG\r\n\x1a\n",
    "gif": b"GIF89a",
    "bmp": b"BM",
}


@pytest.mark.parametrize("extension", rules.UPLOAD_EXTENSIONS)
def test_each_allowed_type_passes_in_either_case(tmp_path: Path, extension: str) -> None:
    for name in (f"id.{extension}", f"ID.{extension.upper()}"):
        path = tmp_path / name
        path.write_bytes(SIGNATURES[extension] + b"rest")
        assert rules.check_identity_document(path) == path


def test_a_document_of_exactly_4_mb_passes_and_one_byte_more_fails(tmp_path: Path) -> None:
    path = tmp_path / "id.pdf"
    path.write_bytes(SIGNATURES["pdf"].ljust(rules.UPLOAD_MAX_BYTES, b"0"))
    assert rules.check_identity_document(path) == path
    path.write_bytes(SIGNATURES["pdf"].ljust(rules.UPLOAD_MAX_BYTES + 1, b"0"))
    with pytest.raises(ValueError, match="at most 4 MB"):
        rules.check_identity_document(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("id.docx", b"PK\x03\x04", "accepts only jpg, jpeg, gif, png, bmp, pdf"),
        ("id", b"%PDF-", "a file without an extension"),
        ("id.pdf", b"", "empty"),
        ("id.pdf", b"\x89PNG\r\n\x1a\n", "not a pdf file"),
        ("id.png", b"%PDF-1.4", "not a png file"),
    ],
)
def test_bad_documents_fail(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        rules.check_identity_document(path)


def test_a_missing_document_or_a_folder_fails(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no such file"):
        rules.check_identity_document(tmp_path / "nope.pdf")
    (tmp_path / "dir.pdf").mkdir()
    with pytest.raises(ValueError, match="not a file"):
        rules.check_identity_document(tmp_path / "dir.pdf")


# --- who registers, and small parsers ------------------------------------------------


@pytest.mark.parametrize("role", ["manufacturer", "storage"])
def test_sites_that_register(role: rules.Role) -> None:
    assert rules.check_role(role) == role


def test_a_brand_owner_using_contract_manufacturers_does_not_register() -> None:
    with pytest.raises(ValueError, match="each contract manufacturer self-registers"):
        rules.check_role("brand_owner")


def test_a_freight_forwarder_storing_in_transit_does_not_apply() -> None:
    with pytest.raises(ValueError, match="transitory storage does not apply"):
        rules.check_role("freight_forwarder")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("1", True),
        ("是", True),
        (False, False),
        ("no", False),
        ("false", False),
        ("0", False),
        ("否", False),
    ],
)
def test_yes_and_no(value: object, expected: bool) -> None:
    assert rules.parse_bool(value) is expected


@pytest.mark.parametrize("value", ["maybe", "", None, 2.5])
def test_other_answers_fail(value: object) -> None:
    with pytest.raises(ValueError, match="yes or no"):
        rules.parse_bool(value)


def test_choices_and_addresses_compare_loosely() -> None:
    assert rules.normalise_choice(" Brand-Owner ") == "brand_owner"
    assert rules.comparable_address("12 Main St, Hobart") == rules.comparable_address(
        "12 MAIN ST  HOBART"
    )
