"""Facility files for the runs on the replica: one site with one application, one site
with ten (one account), and 25 sites of four applications each (100, 25 accounts).

Every site has its account already (`account_exists: yes`), so both the tool and the
bare script sign in; the password is the same for every account and reaches the tool
through the environment, as a person's would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from rows import minimal_pdf

PASSWORD = "Bench!mark2021"  # benchmarks/bare.py signs in with the same
DOCUMENT = "documents/id.pdf"
# Self-registration (Article 9) sub-items the replica offers, by their Chinese names.
ITEMS = (
    "巧克力",
    "糖果",
    "其他糖果、巧克力",
    "包装饮用水",
    "果蔬汁及其饮料",
    "蛋白饮料",
    "碳酸饮料",
    "茶（类）饮料",
    "咖啡（类）饮料",
    "植物饮料",
)


def site(number: int, items: tuple[str, ...]) -> dict[str, Any]:
    """Site `number`, with every field the form has (dates through the date picker)."""
    return {
        "name": f"bench-site-{number:02d}",
        "role": "manufacturer",
        "account_exists": True,
        "category": list(items),
        "username": f"benchuser{number:02d}",
        "country": "Australia",
        "approval_no": f"AU-VIC-{4411 + number:05d}",
        "enterprise_name": f"Bench Chocolate {number} Pty Ltd",
        "contacts": "Mei Chen",
        "tel": "+61 3 5550 1234",
        "address": f"{number} Melba Highway, Yarra Glen VIC 3775, Australia",
        "email": f"export{number}@bench.example.com",
        "approval_authority": "Department of Agriculture, Water and the Environment",
        "production_address": f"{number} Melba Highway, Yarra Glen VIC 3775, Australia",
        "founded_date": "2004-05-17",
        "legal_rep_name": "Thomas Hart",
        "legal_rep_tel": "+61 3 5550 1200",
        "legal_rep_email": f"thomas.hart{number}@bench.example.com",
        "contact_name": "Mei Chen",
        "contact_tel": "+61 3 5550 1234",
        "contact_email": f"export{number}@bench.example.com",
        "expansion_date": "2016-09-01",
        "expansion_project": "Second moulding line",
        "expansion_facilities": "Tempering and moulding line 2",
        "identity_document": DOCUMENT,
    }


def write_sites(folder: Path, name: str, sites: int, items: tuple[str, ...]) -> Path:
    """A YAML file of `sites` sites, each applying for `items`; the document beside it."""

    (folder / "documents").mkdir(exist_ok=True)
    (folder / DOCUMENT).write_bytes(minimal_pdf())
    path = folder / f"{name}.yaml"
    rows = [site(number, items) for number in range(1, sites + 1)]
    path.write_text(yaml.safe_dump({"facilities": rows}, allow_unicode=True), encoding="utf-8")
    return path


def passwords(sites: int) -> dict[str, str]:
    """The environment that gives the tool every account's password."""
    return {f"CIFER_BOT_PASSWORD__benchuser{n:02d}": PASSWORD for n in range(1, sites + 1)}
