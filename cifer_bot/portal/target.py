"""Which portal a run talks to: the live one (its hosts only), or the offline replica."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

from cifer_bot.errors import InputError
from cifer_bot.hosts import UrlRefused, is_loopback_host, parse_url
from cifer_bot.replica import Replica, parse_fault
from cifer_bot.selector_map import SelectorMap


@contextlib.contextmanager
def open_portal(
    *,
    dry_run: bool,
    portal_url: str | None,
    faults: Sequence[str],
    selectors: SelectorMap,
) -> Iterator[tuple[str, Replica | None]]:
    """The portal's URL, and the replica serving it for a dry run (None for the live one).

    A dry run serves the replica on a free loopback port for as long as the block runs.
    Otherwise the URL is the given one or the map's live portal, and it must be on one
    of the portal's hosts or on loopback (a replica served by `cifer-bot replica`).
    """
    if dry_run:
        if portal_url:
            raise InputError("--dry-run serves its own replica: leave out --portal-url")
        with Replica(faults=[parse_fault(text) for text in faults]) as replica:
            yield replica.url, replica
        return
    if faults:
        raise InputError("--fault works only with --dry-run (it is a mode of the replica)")
    url = portal_url or selectors.portal.base_url
    try:
        address = parse_url(url)
    except UrlRefused as error:
        raise InputError(f"--portal-url: {error}") from None
    if not (selectors.portal.allows(url) or is_loopback_host(address.host)):
        raise InputError(
            f"--portal-url {url} is neither on one of the portal's hosts "
            f"({', '.join(sorted(selectors.portal.hosts))}, over https) nor on loopback"
        )
    yield url, None
