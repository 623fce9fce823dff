"""The facility list in a shared journal: `cifer-bot queue load` puts a checked facility
file's applications into it as work items, each with its identity document (at most
4 MB) and that document's SHA-256, since the worker that fills an application may be
on another machine; and a worker turns the items it claims back into applications to
fill, its documents written from the journal to its own disk and checked.

Loading is idempotent: the same file twice adds nothing. A row that changed since it
was loaded is reported, and replaced only with `--update` and only while its
application has not started on any portal.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from cifer_bot.credentials import journal_password
from cifer_bot.errors import CiferBotError, exit_code
from cifer_bot.facilities.intake import IntakeResult, read_facilities
from cifer_bot.facilities.models import Facility
from cifer_bot.files import write_bytes_atomically
from cifer_bot.journal import AppKey, NewItem, PostgresJournal, WorkItem
from cifer_bot.plan import PlanItem
from cifer_bot.report.build import Listed


@dataclass(frozen=True, kw_only=True)
class QueueOptions:
    """What `cifer-bot queue load` was asked to do."""

    facility_file: Path
    journal: str
    update: bool = False


@contextlib.contextmanager
def shared_journal(url: str, portal: str = "") -> Iterator[PostgresJournal]:
    """The shared journal at `url`, as `portal` sees it, for as long as the block runs.
    Its password comes from the URL, PGPASSWORD, ~/.pgpass, or PGPASSWORD in `.env`."""
    journal = PostgresJournal(url, portal, password=journal_password())
    try:
        yield journal
    finally:
        journal.close()


def load_queue(options: QueueOptions, *, stream: TextIO | None = None) -> int:
    """Run `cifer-bot queue load`; 0 when every row is valid, 2 when some are not (the
    valid ones are loaded)."""
    out = stream or sys.stdout
    intake = read_facilities(options.facility_file)
    out.writelines(line + "\n" for line in intake.told())
    items = new_items(intake)
    with shared_journal(options.journal) as journal:
        loaded = journal.load(items, update=options.update)
        where = journal.where
    for line in [*loaded.changed, *loaded.kept]:
        out.write(f"changed: {line}\n")
    out.write(
        f"{where}: {loaded.added} applications added, {loaded.unchanged} unchanged, "
        f"{loaded.replaced} replaced, {len(loaded.kept)} changed and kept as loaded.\n"
    )
    return exit_code(failed=False, invalid=not intake.ok)


def new_items(intake: IntakeResult) -> list[NewItem]:
    """Each application of the file's valid rows, as a work item."""
    items = []
    for facility, row in zip(intake.facilities, intake.facility_rows, strict=False):
        document = facility.application.identity_document
        content = document.read_bytes()  # checked by the intake: at most 4 MB
        sha256 = hashlib.sha256(content).hexdigest()
        for application in facility.applications:
            data = json.loads(facility.model_dump_json())
            # The document by its name only: where it lies is the loading machine's affair.
            data["application"]["identity_document"] = document.name
            data["categories"] = [application.category.code]
            text = json.dumps(data, ensure_ascii=False, sort_keys=True)
            category = application.category
            items.append(
                NewItem(
                    key=AppKey(facility.name, category.code, facility.account.username),
                    row=row,
                    category=f"{category.name_zh} ({category.name_en})",
                    facility=text,
                    digest=hashlib.sha256(f"{text}\n{sha256}".encode()).hexdigest(),
                    document_name=document.name,
                    document_sha256=sha256,
                    read_document=document.read_bytes,
                )
            )
    return items


def listed_work(items: list[WorkItem]) -> list[Listed]:
    """The shared list, as a report lists it."""
    return [Listed(item.key, item.row, item.category) for item in items]


def plan_of(
    journal: PostgresJournal, items: list[WorkItem], documents: Path
) -> list[tuple[int, PlanItem]]:
    """The applications of claimed work items, each document written from the journal
    into `documents` (on this machine) and checked against its SHA-256."""
    found = []
    for item in items:
        path = documents / item.document_sha256[:16] / item.document_name
        if not _holds(path, item.document_sha256):
            content = journal.document(item.document_sha256)
            if hashlib.sha256(content).hexdigest() != item.document_sha256:
                raise CiferBotError(
                    f"the journal's copy of {item.document_name} is not the document that was "
                    f"loaded (its SHA-256 differs): load {item.key.facility} again"
                )
            write_bytes_atomically(path, content)
        data = json.loads(item.facility)  # its document named by file name, found in base_dir
        try:
            base = path.parent.resolve()
            facility = Facility.model_validate(data, context={"base_dir": base})
        except ValidationError as error:
            raise CiferBotError(
                f'the row of "{item.key.facility}" in the journal is not valid for this '
                f"cifer-bot ({error.error_count()} problems): load it again with --update"
            ) from None
        [application] = facility.applications
        found.append((item.number, PlanItem(facility, item.row, application)))
    return found


def _holds(path: Path, sha256: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except OSError:
        return False
