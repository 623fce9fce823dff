"""Random generated portals (`make fuzz N=200`): hypothesis draws one value of each
choice, and `fill` must save a whole draft on the portal drawn, as on the table's.

A combination that fails is printed by hypothesis (`portal={...}`): keep it in the
table's `kept` section (fixtures/html/generated/portals.yaml) under a name of its own,
so that `make test` fills it from then on. Deselected from `make test` (marker `fuzz`).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser

from cifer_bot.replica.generated import CHOICES
from tests.support.zoo import assert_fills_whole

pytestmark = [pytest.mark.fuzz, pytest.mark.usefixtures("nothing_submitted")]
EXAMPLES = int(os.environ.get("CIFER_BOT_FUZZ", "20"))
PORTALS = st.fixed_dictionaries({name: st.sampled_from(values) for name, values in CHOICES.items()})


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(portal=PORTALS)
def test_fill_saves_every_field_on_a_random_generated_portal(
    browser: Browser, portal: dict[str, str]
) -> None:
    spec = ",".join(f"{name}={value}" for name, value in portal.items())
    with tempfile.TemporaryDirectory(prefix="cifer-fuzz-") as temp:
        assert_fills_whole(browser, Path(temp), (f"generated:{spec}",))
