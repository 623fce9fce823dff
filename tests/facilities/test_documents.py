"""YAML and JSON facility files within caps a hostile file cannot pass (issue 11, item 1)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cifer_bot.errors import InputError
from cifer_bot.facilities.intake import read_facilities, read_sheet
from cifer_bot.facilities.intake.sheets import document_items
from tests.support.facility_rows import good_row, write_documents, write_yaml

REPOSITORY = Path(__file__).resolve().parents[2]
# The address space the bomb is read in: the tool needs about 45 MiB for it; before the
# caps it took more than 1.2 GB and died of a MemoryError under 1 GiB.
MEMORY_LIMIT = 256 * 2**20
# The caps the README states.
MAX_ALIASES = 100
MAX_FILE_BYTES = 64 * 2**20

# Nine levels of nine aliases: 1 KB of text that stands for 387,420,489 values.
BOMB = textwrap.dedent(
    """\
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    facilities:
      - name: bomb
        category: *i
    """
)

_READ_UNDER_A_LIMIT = """
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from cifer_bot.errors import InputError
from cifer_bot.facilities.intake import read_facilities
try:
    read_facilities(Path(sys.argv[1]))
except InputError as error:
    print(error)
    sys.exit(2)
"""


def test_an_alias_bomb_is_refused_within_a_memory_limit(tmp_path: Path) -> None:
    # What broke: a 1 KB file of nested aliases took the tool past 1.2 GB of memory
    # before anything was said.
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    assert path.stat().st_size < 1024
    script = _READ_UNDER_A_LIMIT.format(limit=MEMORY_LIMIT)
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
        check=False,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr == ""
    assert f"{path}, line 6: aliases that repeat more than 100,000 values" in done.stdout


def test_at_most_a_hundred_aliases(tmp_path: Path) -> None:
    rows = "".join(f"  - {{name: s{n}, <<: *base}}\n" for n in range(MAX_ALIASES + 1))
    path = tmp_path / "f.yaml"
    path.write_text(f"base: &base {{role: storage}}\nfacilities:\n{rows}", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 103: more than 100 aliases \(\*name\)"):
        document_items(path, "yaml")
    # A hundred are read, merges included.
    path.write_text(path.read_text(encoding="utf-8").rsplit("  - ", 1)[0], encoding="utf-8")
    items = document_items(path, "yaml")
    assert len(items) == MAX_ALIASES
    assert items[0] == {"role": "storage", "name": "s0"}


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("facilities:\n  - &row {name: a, category: [*row]}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2: the alias \*row inside its own anchor"):
        document_items(path, "yaml")


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"f.{kind}"
    path.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    with pytest.raises(InputError, match="more than 20 levels of nesting"):
        read_sheet(path)


@pytest.mark.parametrize(
    ("kind", "text", "words"),
    [
        ("yaml", "facilities:\n  - name: a\n    country: AUS\n    name: b\n", "found the key"),
        ("json", '[{"name": "a", "country": "AUS", "name": "b"}]', "the key 'name' appears twice"),
    ],
)
def test_a_key_given_twice_is_refused(tmp_path: Path, kind: str, text: str, words: str) -> None:
    # What broke: the second `name` silently replaced the first.
    path = tmp_path / f"f.{kind}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=words) as refused:
        document_items(path, kind)
    if kind == "yaml":
        assert "'name' again (first on line 2)" in str(refused.value)


def test_yaml_1_1_booleans_are_a_country_and_codes_not_true_or_false(tmp_path: Path) -> None:
    # What broke: `country: NO` (Norway) was read as False and refused as no country.
    write_documents(tmp_path)
    row = good_row(1) | {
        "country": "NO",
        "tel": "+47 22 12 34 56",
        "contact_tel": "+47 22 12 34 57",
        "legal_rep_tel": "+47 22 12 34 58",
    }
    text = write_yaml(tmp_path / "f.yaml", [row]).read_text(encoding="utf-8")
    # safe_dump quotes 'NO'; a person does not.
    path = tmp_path / "plain.yaml"
    path.write_text(
        text.replace("country: 'NO'", "country: NO")
        .replace("approval_no: AU-VIC-1001", "approval_no: ON")
        .replace("cn_registration_no:", "x:"),
        encoding="utf-8",
    )
    assert "country: NO\n" in path.read_text(encoding="utf-8")
    result = read_facilities(path)
    assert result.ok, result.lines()
    [facility] = result.facilities
    assert facility.account.country == facility.application.country == "NOR"
    assert facility.account.approval_no == "ON"


def test_a_file_over_64_mib_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    with path.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: no 64 MiB written
    with pytest.raises(InputError, match=r"more than a facility file may hold \(64 MiB\)"):
        read_sheet(path)


def test_ten_thousand_rows_are_within_the_caps(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "f.yaml", [good_row(n) for n in range(1, 10_001)])
    assert path.stat().st_size < MAX_FILE_BYTES / 8
    sheet = read_sheet(path)
    assert len(sheet.rows) == 10_000
    assert sheet.problems == []
