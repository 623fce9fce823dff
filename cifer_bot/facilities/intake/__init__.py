"""Facility files in, facilities and problems out.

A facility file (.xlsx, .csv, .yaml/.yml, .json) holds one row per physical site, with
the columns of `cifer_bot/data/facility-columns.yaml` (`columns`). The file is read
into rows (`sheets`), every row is checked against the models (`problems`) and against
the other rows (`duplicates`); a bad row yields problems and never stops the others.
Passwords are refused: they live in the environment or `.env` (`cifer_bot.credentials`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cifer_bot.errors import InputError
from cifer_bot.facilities.catalog import Catalog, load_catalog
from cifer_bot.facilities.intake.cells import Sheet
from cifer_bot.facilities.intake.columns import Column, columns, find_column
from cifer_bot.facilities.intake.duplicates import find_duplicates
from cifer_bot.facilities.intake.problems import Problem, Row, unique
from cifer_bot.facilities.intake.sheets import SHEET_NAME, read_sheet
from cifer_bot.facilities.intake.validation import check_all, workers_for
from cifer_bot.facilities.models import Facility

__all__ = [
    "SHEET_NAME",
    "Column",
    "IntakeResult",
    "Problem",
    "Row",
    "Sheet",
    "check_rows",
    "columns",
    "find_column",
    "read_facilities",
    "read_sheet",
    "validate_file",
]


@dataclass
class IntakeResult:
    """The facilities of the rows that passed every check, and every problem found."""

    source: Path
    rows: int
    facilities: list[Facility] = field(default_factory=list)
    facility_rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bad_rows: int = 0
    # What the intake changed for the portal, for a person to check (not a problem).
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        return [str(problem) for problem in self.problems]

    def warning_lines(self) -> list[str]:
        return [f"warning: {warning}" for warning in self.warnings]

    def told(self) -> list[str]:
        """What a run says of its file before it starts: each invalid row, each
        warning, and the summary."""
        return [f"invalid: {line}" for line in self.lines()] + [
            *self.warning_lines(),
            self.summary(),
        ]

    def summary(self) -> str:
        applications = sum(len(f.categories) for f in self.facilities)
        valid = (
            f"{len(self.facilities)} valid ({applications} application"
            f"{'' if applications == 1 else 's'})"
        )
        count = len(self.warnings)
        check = f" {count} warning{'' if count == 1 else 's'} to check." if count else ""
        if self.ok:
            return (
                f"{self.source}: {self.rows} row{'' if self.rows == 1 else 's'}, "
                f"all {valid}.{check}"
            )
        return (
            f"{self.source}: {self.rows} rows, {valid}, {self.bad_rows} with problems; "
            f"{len(self.problems)} problem{'' if len(self.problems) == 1 else 's'} to fix."
            f"{check}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.source),
            "ok": self.ok,
            "rows": self.rows,
            "bad_rows": self.bad_rows,
            "valid_rows": self.facility_rows,
            "facilities": [f.name for f in self.facilities],
            "problems": [p.as_dict() for p in self.problems],
            "warnings": [w.as_dict() for w in self.warnings],
        }


def check_rows(
    sheet: Sheet, *, base_dir: Path, catalog: Catalog | None = None, workers: int | None = None
) -> tuple[list[tuple[int, Facility]], list[Problem]]:
    """Validate every row: the facilities of the good rows, and all problems found. A
    long file is checked by several processes at once (`validation`), unless `workers`
    says how many."""
    catalog = catalog or load_catalog()
    context = {"base_dir": base_dir, "catalog": catalog, "documents": {}}
    count = workers_for(len(sheet.rows)) if workers is None else workers
    built, found = check_all(sheet.rows, context, sheet.absent, workers=count)
    problems = [*sheet.problems, *found]
    problems.extend(find_duplicates(sheet.rows, catalog))
    problems = unique(problems)
    order = {c.name: i for i, c in enumerate(columns())}
    problems.sort(key=lambda p: (p.row, order.get(p.field or "", -1)))
    bad = {p.row for p in problems}
    good = [(number, facility) for number, facility in built.items() if number not in bad]
    return good, problems


def read_facilities(path: Path, *, catalog: Catalog | None = None) -> IntakeResult:
    """Read and check a facility file; relative paths in it are relative to its folder."""
    sheet = read_sheet(path)
    if not sheet.numbers:
        raise InputError(f"{path}: no facility rows under the header; nothing to check")
    good, problems = check_rows(sheet, base_dir=path.resolve().parent, catalog=catalog)
    return IntakeResult(
        source=path,
        rows=len(sheet.numbers),
        bad_rows=len({p.row for p in problems} & set(sheet.numbers)),
        facilities=[facility for _, facility in good],
        facility_rows=[number for number, _ in good],
        problems=problems,
        warnings=sheet.warnings,
    )


def validate_file(*, path: Path) -> IntakeResult:
    """What `cifer-bot validate FILE` does."""
    return read_facilities(path)
