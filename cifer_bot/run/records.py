"""Where a batch's record lives, and the report rebuilt from it: shared by `fill`,
`sync` and `status`. The journal is `STATE/journal.sqlite3` (`--state`, by default
`OUT/state/`); an old `OUT/journal.jsonl` is imported into it the first time."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from cifer_bot.facilities.intake import IntakeResult
from cifer_bot.journal import AppKey, SqliteJournal, open_journal
from cifer_bot.journal.jsonl_legacy import FILE_NAME as LEGACY_NAME
from cifer_bot.journal.sqlite import FILE_NAME
from cifer_bot.plan import Plan
from cifer_bot.report.build import Listed, Report, build_report, write_report


def state_folder(out: Path, state: Path | None) -> Path:
    return state if state is not None else out / "state"


def has_journal(out: Path, state: Path | None) -> bool:
    """Whether a run kept a record here (a journal, or an old journal.jsonl)."""
    return (state_folder(out, state) / FILE_NAME).is_file() or (out / LEGACY_NAME).is_file()


@contextlib.contextmanager
def journal_of(
    out: Path, state: Path | None, portal: str, stream: TextIO, *, hold: bool = True
) -> Iterator[SqliteJournal]:
    """The batch's journal as `portal` sees it, held by this run (`hold`) until the
    block ends."""
    journal = open_journal(state_folder(out, state), portal, legacy=out / LEGACY_NAME)
    try:
        imported, skipped = journal.imported
        if imported or skipped:
            stream.write(f"imported {imported} events of {out / LEGACY_NAME} into {journal.path}\n")
        if skipped:
            stream.write(
                f"warning: {skipped} line(s) of {out / LEGACY_NAME} were cut short by a "
                "crash; they are skipped\n"
            )
        if hold:
            journal.lock()
        yield journal
    finally:
        journal.close()


def listed(intake: IntakeResult) -> list[Listed]:
    """Every application of the facility list's valid rows, in file order."""
    return [
        Listed(
            AppKey(facility.name, item.category.code, facility.account.username),
            row,
            f"{item.category.name_zh} ({item.category.name_en})",
        )
        for facility, row in zip(intake.facilities, intake.facility_rows, strict=False)
        for item in facility.applications
    ]


def row_fields(plan: Plan) -> list[tuple[AppKey, int | None, dict[str, str]]]:
    """Each application's row as the journal keeps it (no secret: passwords are not in
    the file), to tell a row that changed since the last run."""
    found = []
    for item in plan.items:
        fields = {
            f"account.{name}": str(value)
            for name, value in item.facility.account.model_dump(mode="json").items()
        }
        fields.update(
            {
                name: str(value)
                for name, value in item.application.model_dump(mode="json").items()
                if name != "category"
            }
        )
        key = AppKey(item.facility.name, item.application.category.code, item.username)
        found.append((key, item.row, fields))
    return found


def say_problems(plan: Plan, out: TextIO) -> None:
    """A line for each application the plan leaves out for its password (none stored,
    or one the portal would refuse): named before anything opens."""
    for problem in plan.problems:
        out.write(
            f'invalid: row {problem["row"]}, "{problem["facility"]}": password (密码): '
            f"{problem['rule']}\n"
        )


def invalid_rows(intake: IntakeResult, plan: Plan | None = None) -> list[dict[str, Any]]:
    return [problem.as_dict() for problem in intake.problems] + (plan.problems if plan else [])


def rebuild_report(
    journal: SqliteJournal, intake: IntakeResult, invalid: list[dict[str, Any]], out: Path
) -> tuple[Report, Path, Path]:
    """`report.json` and `report.html` of the whole list, from the journal."""
    report = build_report(journal, listed(intake), invalid, source=str(intake.source))
    json_path, html_path = write_report(report, out)
    return report, json_path, html_path
