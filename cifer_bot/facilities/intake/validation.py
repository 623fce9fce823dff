"""Each row of a file against the models, and the problems of those that fail.

A long file (`PARALLEL_ROWS` rows or more) is split into consecutive parts checked at
once, one by this process and each other by a fork of it, where the machine has more
than one core, the system forks, this process runs no other thread (a fork copies only
the thread that forks) and is no daemon process (which may not start others). The
parts come back in order, so the result is the one a single process gets; a row's
facility travels back pickled.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from pydantic import ValidationError

from cifer_bot.facilities.intake.problems import Problem, Row, nested, problems_of
from cifer_bot.facilities.models import Facility

PARALLEL_ROWS = 2000
MAX_WORKERS = 4

Checked = tuple[dict[int, Facility], list[Problem]]

# The rows of the file being checked, for the forks (they inherit it; nothing is sent).
_job: tuple[Sequence[Row], dict[str, Any], set[str]] | None = None


def check_part(rows: Sequence[Row], context: dict[str, Any], absent: set[str]) -> Checked:
    """The facilities of the rows that pass, by row number, and the others' problems."""
    built: dict[int, Facility] = {}
    problems: list[Problem] = []
    for row in rows:
        try:
            built[row.number] = Facility.model_validate(nested(row), context=context)
        except ValidationError as error:
            problems.extend(problems_of(row, error, absent))
    return built, problems


def _forked_part(start: int, end: int) -> Checked:
    assert _job is not None
    rows, context, absent = _job
    return check_part(rows[start:end], context, absent)


def workers_for(rows: int) -> int:
    """How many processes check a file of `rows` rows here: 1 where forking is not
    worth it or not safe."""
    if rows < PARALLEL_ROWS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if threading.active_count() > 1 or multiprocessing.current_process().daemon:
        return 1  # a fork would copy one thread alone; a daemon process may not fork
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_WORKERS))


def check_all(
    rows: Sequence[Row], context: dict[str, Any], absent: set[str], *, workers: int = 1
) -> Checked:
    """`check_part` for every row, in `workers` processes at once."""
    if workers <= 1 or len(rows) < workers:
        return check_part(rows, context, absent)
    global _job
    size = -(-len(rows) // workers)
    bounds = [(start, min(start + size, len(rows))) for start in range(0, len(rows), size)]
    _job = (rows, context, absent)
    try:
        with ProcessPoolExecutor(
            max_workers=len(bounds) - 1, mp_context=multiprocessing.get_context("fork")
        ) as pool:
            futures = [pool.submit(_forked_part, start, end) for start, end in bounds[1:]]
            built, problems = check_part(rows[: bounds[0][1]], context, absent)
            for future in futures:
                more, found = future.result()
                built.update(more)
                problems.extend(found)
    finally:
        _job = None
    return built, problems
