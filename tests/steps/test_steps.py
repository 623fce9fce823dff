"""The six steps of the guide, each started on its own page of the replica.

Each test builds a `Flow` as the filler does, opens the page its step starts on
(directly, with a login made over HTTP where the step needs one), runs the step, and
checks what the step changed: the page shown and what the replica recorded.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page
from pydantic import SecretStr

from cifer_bot.facilities.catalog import load_catalog
from cifer_bot.facilities.intake import read_facilities
from cifer_bot.facilities.models import AbroadAccount, Application, Facility
from cifer_bot.replica import Replica
from cifer_bot.report import Outcome, review_markdown
from cifer_bot.steps import account, application, category, home, landing, login, portal_menu
from cifer_bot.steps.captcha import ReplicaSolver
from cifer_bot.steps.faults import LoginRefused
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.review import fill_form, read_back
from tests.support.runs import (
    BAROSSA,
    YARRA,
    log_in_over_http,
    make_flow,
    write_facilities,
)

# No test of this module may leave a submission on any replica.
pytestmark = pytest.mark.usefixtures("nothing_submitted")


USERNAME = "yarrachoc01"
PASSWORD = "Sweet!Cocoa9"


def facility(folder: Path, row: dict[str, object]) -> Facility:
    [found] = read_facilities(write_facilities(folder, row)).facilities
    return found


def yarra_application(folder: Path) -> Application:
    return facility(folder, YARRA).applications[0]


@pytest.fixture
def flow(page: Page, replica: Replica, tmp_path: Path) -> Flow:
    replica.add_account(USERNAME, PASSWORD)
    return make_flow(page, replica.url, tmp_path / "artifacts")


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


# --- steps 1 to 3 ----------------------------------------------------------------------


def test_landing_step_opens_the_new_portal(flow: Flow) -> None:
    landing.open_portal(flow)
    landing.open_new_portal(flow)
    flow.page.wait_for_url("**/new/")
    assert flow.where("portal") is not None


def test_portal_menu_step_follows_the_hover_link_to_the_login(flow: Flow, replica: Replica) -> None:
    flow.page.goto(replica.url + "new/")
    portal_menu.open_registration_system(flow)
    flow.page.wait_for_url("**/cas/login**")
    assert parse_qs(urlsplit(flow.page.url).query)["service"] == ["/cifer/"]
    assert flow.where("login") is not None


def test_login_step_reaches_the_system_home(flow: Flow, replica: Replica) -> None:
    flow.page.goto(replica.url + "cas/login")
    login.log_in(flow, username=USERNAME, password=SecretStr(PASSWORD), solver=ReplicaSolver())
    assert path_of(flow.page) == "/cifer/"
    assert flow.where("home") is not None
    assert [entry["username"] for entry in replica.state.logins] == [USERNAME]


def test_login_step_with_a_wrong_password_is_refused_without_showing_it(
    flow: Flow, replica: Replica
) -> None:
    flow.page.goto(replica.url + "cas/login")
    wrong = "Wrong!Pass42"
    with pytest.raises(LoginRefused) as refused:
        login.log_in(flow, username=USERNAME, password=SecretStr(wrong), solver=ReplicaSolver())
    assert f"CIFER_BOT_PASSWORD__{USERNAME}" in str(refused.value)
    assert wrong not in str(refused.value)
    assert replica.state.logins == []


def test_account_step_fills_the_registration_form_and_registers_nothing(
    flow: Flow, replica: Replica, tmp_path: Path
) -> None:
    details = facility(tmp_path, BAROSSA).account
    new = AbroadAccount.from_details(details, SecretStr("Brand!New2021"))
    flow.page.goto(replica.url + "cas/login")
    account.open_registration(flow, new)
    rows = account.fill_registration(flow, new)
    assert flow.where("register") is not None
    assert {row.field: row.actual for row in rows}["country"] == "AUS"
    assert [row.field for row in rows if not row.match] == []
    assert replica.state.accounts_created == []


def test_register_now_creates_the_account_and_returns_to_the_login(
    flow: Flow, replica: Replica, tmp_path: Path
) -> None:
    details = facility(tmp_path, BAROSSA).account
    new = AbroadAccount.from_details(details, SecretStr("Brand!New2021"))
    flow.page.goto(replica.url + "cas/login")
    account.open_registration(flow, new)
    account.fill_registration(flow, new)
    account.register(flow)
    assert replica.state.accounts_created == ["barossahill"]
    assert replica.state.accounts["barossahill"].details["orgName"] == BAROSSA["enterprise_name"]
    assert flow.where("login") is not None


# --- steps 4 to 6, behind the login ----------------------------------------------------


def test_home_step_opens_the_category_list_in_the_main_frame(flow: Flow, replica: Replica) -> None:
    log_in_over_http(flow.page, replica, USERNAME, PASSWORD)
    flow.page.goto(replica.url + "cifer/")
    home.open_applications(flow)
    frame = flow.wait_for("categories", step="test")
    assert frame is not flow.page.main_frame
    assert urlsplit(frame.url).path == "/cifer/categories"


def test_category_step_opens_the_form_of_the_sub_item(flow: Flow, replica: Replica) -> None:
    log_in_over_http(flow.page, replica, USERNAME, PASSWORD)
    flow.page.goto(replica.url + "cifer/categories")
    category.choose_category(flow, load_catalog().lookup("巧克力"))
    flow.page.wait_for_url("**/cifer/apply?**")
    assert parse_qs(urlsplit(flow.page.url).query)["item"] == ["巧克力"]
    assert flow.where("form") is not None


def test_application_step_fills_every_field_and_uploads_the_document(
    flow: Flow, replica: Replica, tmp_path: Path
) -> None:
    item = yarra_application(tmp_path)
    log_in_over_http(flow.page, replica, USERNAME, PASSWORD)
    flow.page.goto(replica.url + "cifer/apply?item=巧克力")
    frame, rows = application.fill_application(flow, item)
    assert frame == flow.page.main_frame
    assert [row.field for row in rows if not row.match] == []
    assert len(rows) == 20
    [upload] = replica.state.uploads.values()
    assert (upload.account, upload.name) == (USERNAME, "yarra-choc-abn.pdf")
    # Filled, not saved and not submitted: the form waits in the browser.
    assert replica.state.drafts == {}
    assert frame.locator("[name=entName]").input_value() == YARRA["enterprise_name"]


def test_a_field_the_page_changed_after_filling_reads_back_as_a_mismatch(
    flow: Flow, replica: Replica, tmp_path: Path
) -> None:
    item = yarra_application(tmp_path)
    log_in_over_http(flow.page, replica, USERNAME, PASSWORD)
    flow.page.goto(replica.url + "cifer/apply?item=巧克力")
    frame = flow.wait_for("form", step="test")
    fill_form(flow, "form", item, frame, "test", "application")
    frame.locator("[name=entName]").evaluate("(el) => { el.value = 'Someone Else Ltd'; }")
    rows = read_back(flow, "form", item, frame, "application")
    [wrong] = [row for row in rows if not row.match]
    assert (wrong.field, wrong.expected, wrong.actual) == (
        "enterprise_name",
        YARRA["enterprise_name"],
        "Someone Else Ltd",
    )
    outcome = Outcome(facility="yarra-choc", category_code="x", category="巧克力", review=rows)
    table = review_markdown(outcome)
    assert f"Someone Else Ltd | MISMATCH (meant {YARRA['enterprise_name']})" in table
    assert "Fields that differ from the facility file: 1" in table
