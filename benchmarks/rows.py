"""Generated facility rows (a quarter of them bad, each in a way of its own) and the
files that hold them, in every format the tool reads."""

from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

from cifer_bot.facilities import intake

BLOCK = 40  # the generated rows repeat a 40-row pattern with 10 bad rows in it


# --- section 1: intake ---------------------------------------------------------------


def minimal_pdf() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def facility_row(n: int, *, spoiled: bool = True) -> dict[str, Any]:
    """Row n (from 1): valid and a site of its own, unless its place in the 40-row
    pattern spoils it (10 of every 40 rows, each with one mistake of its own kind; none
    when not `spoiled`)."""
    phone = f"{n % 10_000:04d}"
    row: dict[str, Any] = {
        "name": f"site-{n:05d}",
        "role": "manufacturer" if n % 3 else "storage",
        "account_exists": "yes" if n % 2 else "no",
        "category": ("巧克力; 糖果", "Frozen fruit", "冷冻水果", "Biscuits, pastries and bread")[
            n % 4
        ],
        "username": f"site{n:05d}user",
        "country": ("Australia", "AUS", "AU")[n % 3],
        "approval_no": f"AU-VIC-{100_000 + n}",
        "enterprise_name": f"Example Foods {n} Pty Ltd",
        "contacts": "Mei Chen",
        "tel": f"+61 3 5550 {phone}",
        "address": f"{n} Main Street, Yarra Glen VIC 3775",
        "email": f"site{n}@example.com",
        "production_address": f"{n} Main Street, Yarra Glen VIC 3775",
        "founded_date": "2004-05-17",
        "legal_rep_name": "Thomas Hart",
        "legal_rep_tel": f"03 5551 {phone}",
        "legal_rep_email": f"legal{n}@example.com",
        "contact_name": "Mei Chen",
        "contact_tel": f"+61 3 5552 {phone}",
        "contact_email": f"contact{n}@example.com",
        "identity_document": "documents/id.pdf",
    }
    place = (n - 1) % BLOCK + 1 if spoiled else 0
    start = n - place  # the row before this block
    spoil: dict[int, tuple[str, Any]] = {
        4: ("username", f"site{n:05d}!"),
        8: ("country", "Atlantis"),
        12: ("contact_email", "foo@"),
        16: ("tel", "12"),
        20: ("founded_date", "2999-01-01"),
        24: ("enterprise_name", None),
        28: ("identity_document", "documents/missing.pdf"),
        32: ("category", "Chocolat"),
    }
    if place in spoil:
        name, value = spoil[place]
        if value is None:
            del row[name]
        else:
            row[name] = value
    elif place == 36:  # the same site as row 3 of the block, written differently
        row["production_address"] = f"{start + 3} MAIN STREET YARRA GLEN VIC 3775"
    elif place == 40:  # the same Approval NO and category as row 5 of the block
        earlier = facility_row(start + 5)
        row["approval_no"] = earlier["approval_no"]
        row["category"] = earlier["category"]
    return row


def expected_bad(rows: int) -> int:
    return sum(1 for n in range(1, rows + 1) if ((n - 1) % BLOCK + 1) % 4 == 0)


def _ordered(row: dict[str, Any]) -> list[Any]:
    return [row.get(column.name) for column in intake.columns()]


def _excel_value(value: Any) -> Any:
    """A typed date becomes a real date in a spreadsheet."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return datetime.combine(date.fromisoformat(value), datetime.min.time())
    return value


def write_file(folder: Path, kind: str, rows: list[dict[str, Any]]) -> Path:
    path = folder / f"facilities-{len(rows)}.{kind}"
    if kind == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        if sheet is None:  # a new workbook always has one sheet
            sheet = workbook.create_sheet()
        sheet.title = intake.SHEET_NAME
        # Chinese headers, as the portal's labels: what a person's own sheet has.
        sheet.append([column.zh for column in intake.columns()])
        for row in rows:
            sheet.append([_excel_value(v) for v in _ordered(row)])
        workbook.save(path)
    elif kind == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file)
            writer.writerow([column.name for column in intake.columns()])
            writer.writerows(["" if v is None else v for v in _ordered(row)] for row in rows)
    elif kind == "yaml":
        text = yaml.safe_dump({"facilities": rows}, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
    else:
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
