"""The set-up every walk of the portal shares: the selector map, the portal it talks to
(the replica served for a dry run, or the live portal's address), and who reads the
captcha. `fill` and `selectors check` both start here."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from cifer_bot.facilities.models import expected_fields
from cifer_bot.options import RunOptions
from cifer_bot.portal.target import open_portal
from cifer_bot.replica import Replica
from cifer_bot.selector_map import SelectorMap, load_selector_map
from cifer_bot.steps.captcha import Solver, make_solver


@dataclass(frozen=True)
class Portal:
    """The portal of one run, as every application of the run sees it."""

    selectors: SelectorMap
    url: str
    replica: Replica | None
    solver: Solver

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """The host fence of the run: the Single Window's hosts and what the map adds."""
        return self.selectors.portal.hosts

    @property
    def journal_name(self) -> str:
        """How the journal names this portal: a dry run's replica is its own."""
        return journal_name(self.url, dry_run=self.replica is not None)

    def describe(self) -> str:
        where = f"the offline replica at {self.url}" if self.replica else self.url
        said = f"Portal: {where} (selector map {self.selectors.version})"
        added = sorted(self.selectors.portal.added_hosts)
        if added:
            said += f"\nThe selector map adds hosts the tool may talk to: {', '.join(added)}"
        return said


DRY_RUN_PORTAL = "dry run (offline replica)"


def journal_name(url: str, *, dry_run: bool) -> str:
    """How the journal names a portal: its scheme and host; a dry run's replica (on a
    new port each run) is one portal of its own."""
    if dry_run:
        return DRY_RUN_PORTAL
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


def load_map(options: RunOptions) -> SelectorMap:
    """The run's selector map, checked against the facility models' fields."""
    return load_selector_map(options.selectors, expected=expected_fields())


@contextlib.contextmanager
def open_run(
    options: RunOptions, selectors: SelectorMap, *, stdin: TextIO | None = None
) -> Iterator[Portal]:
    """The portal of a run, for as long as the block runs (a dry run's replica with it)."""
    with open_portal(
        dry_run=options.dry_run,
        portal_url=options.portal_url,
        faults=options.faults,
        selectors=selectors,
    ) as (url, replica):
        solver = make_solver(options.captcha_for(url), stdin=stdin, stale_s=options.captcha_stale_s)
        yield Portal(selectors=selectors, url=url, replica=replica, solver=solver)
