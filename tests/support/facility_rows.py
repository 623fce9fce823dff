"""A 40-row facility batch with twenty kinds of mistake, written in all four formats.

Each bad row holds exactly one mistake, so a test can check that each is reported
exactly once and that the good rows are kept. Rows are counted from 1 (the YAML/JSON
item number); in a spreadsheet, row n is on line n + 1, under the header.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

from cifer_bot.facilities.intake import columns

ROWS = 40
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@dataclass(frozen=True)
class Mistake:
    """One deliberate mistake: the column it is in and words of the expected rule."""

    row: int
    field: str
    rule: str


def good_row(n: int) -> dict[str, Any]:
    """A valid row for a site of its own (names, addresses and numbers differ by n)."""
    return {
        "name": f"site-{n:02d}",
        "role": "manufacturer" if n % 3 else "storage",
        "account_exists": "yes" if n % 2 else "no",
        "category": "巧克力; 糖果" if n % 4 == 0 else "Frozen fruit",
        "username": f"site{n:02d}user",
        "country": ("Australia", "AUS", "AU")[n % 3],
        "approval_no": f"AU-VIC-{1000 + n}",
        "enterprise_name": f"Example Foods {n} Pty Ltd",
        "contacts": "Mei Chen",
        "tel": f"+61 3 5550 1{n:03d}",
        "address": f"{n} Main Street, Yarra Glen VIC 3775",
        "email": f"site{n}@example.com",
        "production_address": f"{n} Main Street, Yarra Glen VIC 3775",
        "founded_date": "2004-05-17",
        "legal_rep_name": "Thomas Hart",
        "legal_rep_tel": f"03 5550 2{n:03d}",
        "legal_rep_email": f"legal{n}@example.com",
        "contact_name": "Mei Chen",
        "contact_tel": f"+61 3 5550 3{n:03d}",
        "contact_email": f"contact{n}@example.com",
        "identity_document": "documents/id.pdf",
    }


def _bad(row: dict[str, Any], n: int, earlier: dict[int, dict[str, Any]]) -> Mistake | None:
    """Spoil row n (1-based), at most one mistake per row; None keeps it good."""
    spoil: dict[int, tuple[str, Any, str]] = {
        2: ("username", "abc", "6-18 characters"),
        4: ("username", "acme_choc!", "only the English letters"),
        6: ("country", "Atlantis", "not a country"),
        8: ("contact_email", "foo@", "not a valid e-mail address"),
        10: ("tel", "12", "too few for a telephone number"),
        12: ("founded_date", "2999-01-01", "in the future"),
        14: ("founded_date", "01/02/2003", "YYYY-MM-DD"),
        16: ("enterprise_name", None, "required"),
        18: ("approval_no", None, "registration system cannot be used without it"),
        20: ("identity_document", "documents/missing.pdf", "no such file"),
        22: ("identity_document", "documents/id.docx", "accepts only"),
        24: ("identity_document", "documents/big.pdf", "at most 4 MB"),
        26: ("category", "乳品", "MAA2021-46"),
        28: ("category", "Chocolat", "not a food category"),
        30: ("role", "brand_owner", "contract manufacturers"),
        32: ("role", "freight_forwarder", "transitory storage"),
        34: ("account_exists", "maybe", "yes or no"),
        36: ("cn_registration_expiry", "2019-01-01", "cannot expire"),
    }
    if n == 36:
        row["cn_registration_date"] = "2020-01-01"
    if n in spoil:
        field, value, rule = spoil[n]
        if value is None:
            del row[field]
        else:
            row[field] = value
        return Mistake(n, field, rule)
    if n == 38:  # the same site as row 3, under another name
        row["production_address"] = earlier[3]["production_address"].upper().replace(",", "")
        return Mistake(n, "production_address", '("site-03"): the same production site address')
    if n == 40:  # the same Approval NO and category as row 5
        row["approval_no"] = earlier[5]["approval_no"]
        row["category"] = earlier[5]["category"]
        return Mistake(n, "approval_no", '("site-05"): the same Approval NO and category 冷冻水果')
    return None


def batch() -> tuple[list[dict[str, Any]], list[Mistake]]:
    """The forty rows, and the one mistake expected in each bad row."""
    rows: dict[int, dict[str, Any]] = {}
    mistakes: list[Mistake] = []
    for n in range(1, ROWS + 1):
        row = good_row(n)
        mistake = _bad(row, n, rows)
        if mistake:
            mistakes.append(mistake)
        rows[n] = row
    return [rows[n] for n in range(1, ROWS + 1)], mistakes


def write_documents(folder: Path) -> None:
    """The identity documents the rows name, beside the facility file."""
    documents = folder / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    (documents / "id.pdf").write_bytes(PDF)
    (documents / "id.docx").write_bytes(b"PK\x03\x04 not an accepted type")
    (documents / "big.pdf").write_bytes(PDF + b"0" * (4 * 1024 * 1024))


def _header(chinese: bool) -> list[str]:
    return [column.zh if chinese else column.name for column in columns()]


def _ordered(row: dict[str, Any]) -> list[Any]:
    return [row.get(column.name) for column in columns()]


def write_yaml(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text(yaml.safe_dump({"facilities": rows}, allow_unicode=True), encoding="utf-8")
    return path


def write_json(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def write_csv(
    path: Path, rows: list[dict[str, Any]], *, chinese: bool = False, bom: bool = False
) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(_header(chinese))
        for row in rows:
            writer.writerow(["" if v is None else v for v in _ordered(row)])
    return path


def _excel_value(value: Any) -> Any:
    """What a person's spreadsheet holds: real dates where a date was typed."""
    if isinstance(value, str):
        try:
            return datetime.combine(date.fromisoformat(value), datetime.min.time())
        except ValueError:
            return value
    return value


def write_xlsx(path: Path, rows: list[dict[str, Any]], *, chinese: bool = False) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "facilities"
    sheet.append(_header(chinese))
    for row in rows:
        sheet.append([_excel_value(v) for v in _ordered(row)])
    workbook.save(path)
    return path


def write_all(folder: Path, rows: list[dict[str, Any]]) -> dict[str, Path]:
    """The same rows as .xlsx, .csv (with a BOM and Chinese headers), .yaml and .json."""
    folder.mkdir(parents=True, exist_ok=True)
    write_documents(folder)
    return {
        "xlsx": write_xlsx(folder / "facilities.xlsx", rows),
        "csv": write_csv(folder / "facilities.csv", rows, chinese=True, bom=True),
        "yaml": write_yaml(folder / "facilities.yaml", rows),
        "json": write_json(folder / "facilities.json", rows),
    }


def item_number(kind: str, row: int) -> int:
    """The 1-based item number of a reported row: spreadsheets count their header."""
    return row - 1 if kind in ("xlsx", "csv") else row
