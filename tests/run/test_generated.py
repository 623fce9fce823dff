"""Generated portals, filled end to end by `fill` with the one shipped map.

Each portal of the committed table (`fixtures/html/generated/portals.yaml`) combines
one value of each choice a portal's author makes; together they hold every pair of
values. The judge is what the replica received (`tests.support.judge`): one draft with
the 20 posted fields and the upload's SHA-256, no submission. A portal the tool does not
fill yet is listed in the table's `open` section with what the tool meets there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from cifer_bot.replica.generated import open_gaps, table
from tests.support.zoo import assert_fills_whole

pytestmark = pytest.mark.usefixtures("nothing_submitted")
FILLED = [name for name in table() if name not in open_gaps()]


@pytest.mark.parametrize("portal", FILLED)
def test_fill_saves_every_field_on_the_generated_portal(
    browser: Browser, tmp_path: Path, portal: str
) -> None:
    assert_fills_whole(browser, tmp_path, (f"generated:{portal}",))
