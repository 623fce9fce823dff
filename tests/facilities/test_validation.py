"""A long file is checked by several processes at once (`validation`): the result is
the one a single process gets, problems and facilities alike, in the same order."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from cifer_bot.facilities.intake import check_rows, read_sheet
from cifer_bot.facilities.intake.validation import PARALLEL_ROWS, workers_for
from tests.support.facility_rows import batch, write_documents, write_yaml


def test_two_processes_find_what_one_finds(tmp_path: Path) -> None:
    rows, mistakes = batch()
    write_documents(tmp_path)
    sheet = read_sheet(write_yaml(tmp_path / "facilities.yaml", rows))
    alone = check_rows(sheet, base_dir=tmp_path, workers=1)
    shared = check_rows(sheet, base_dir=tmp_path, workers=3)
    assert shared == alone
    assert {p.row for p in shared[1]} >= {m.row for m in mistakes}


def test_a_short_file_is_checked_in_this_process() -> None:
    assert workers_for(PARALLEL_ROWS - 1) == 1


def _workers_in_a_pool(rows: int) -> int:
    return workers_for(rows)


def test_a_process_of_a_pool_checks_alone() -> None:
    # Broke: a pool's worker (a daemon process) may not start processes of its own, and
    # reading a long file there failed instead of checking it in that process.
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_workers_in_a_pool, (PARALLEL_ROWS * 2,)) == 1
