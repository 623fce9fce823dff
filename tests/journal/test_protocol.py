"""The journal's Protocol, whatever keeps it: what makes a batch resumable, never twice,
and one wrong password per account."""

from __future__ import annotations

from cifer_bot.journal import AppKey, done
from tests.journal.conftest import Opener

KEY = AppKey("site", "D248-A9-CONF-CHOC", "yarrachoc01")
PORTAL = "https://www.singlewindow.cn"
DRY = "dry run (offline replica)"


def _ending(status: str, message: str = "") -> dict[str, object]:
    return {"status": status, "message": message, "finished": "2026-01-01T00:00:00+00:00"}


def test_a_dry_run_does_not_count_as_done_for_the_live_portal(store: Opener) -> None:
    # Broke: a live run after a dry run with the same --out skipped everything the
    # replica had seen, and reported success without touching the live portal.
    store(DRY).finish(KEY, _ending("review"))
    assert store(PORTAL).last(KEY) is None
    assert done(store(DRY), KEY)


def test_an_application_that_failed_after_its_stop_is_not_done(store: Opener) -> None:
    journal = store(PORTAL)
    journal.finish(KEY, _ending("review"))
    journal.finish(KEY, _ending("failed"))
    assert done(journal, KEY) is None
    assert done(store(PORTAL), KEY) is None


def test_the_account_form_stop_is_not_done(store: Opener) -> None:
    # Broke: the account form stop was journalled as done, so the run after the account
    # was registered skipped the application, which had never been filled.
    store(PORTAL).finish(KEY, _ending("account_form"))
    assert done(store(PORTAL), KEY) is None


def test_an_application_is_keyed_by_its_account_too(store: Opener) -> None:
    store(PORTAL).finish(KEY, _ending("review"))
    assert done(store(PORTAL), KEY._replace(username="otheraccount1")) is None
    assert done(store(PORTAL), KEY) is not None


def test_an_intent_without_a_confirmation_is_pending_until_the_portal_is_asked(
    store: Opener,
) -> None:
    journal = store(PORTAL)
    journal.reached(KEY, "save draft")
    journal.intend(KEY, "暂存")
    assert store(PORTAL).pending(KEY) == "暂存"  # a later run sees it too
    journal.confirm(KEY, "暂存")
    assert store(PORTAL).pending(KEY) is None
    journal.intend(KEY, "暂存")
    journal.resolve(KEY, "暂存", found=False)
    assert store(PORTAL).pending(KEY) is None
    # steps and intents are not endings: the application is not done
    assert done(store(PORTAL), KEY) is None


def test_a_press_made_again_answers_for_the_one_before(store: Opener) -> None:
    # Broke: 立即注册 pressed again after a kill left the first press pending for ever
    # (one confirmation settled one intent), so every later run asked the portal again.
    journal = store(PORTAL)
    journal.intend(KEY, "立即注册")
    journal.intend(KEY, "立即注册")
    assert store(PORTAL).pending(KEY) == "立即注册"
    journal.confirm(KEY, "立即注册")
    assert store(PORTAL).pending(KEY) is None


def test_a_confirmed_draft_is_untold_until_a_settled_ending_tells_it(store: Opener) -> None:
    # Broke: a run killed after the portal confirmed 暂存 and before the ending (during
    # the screenshot) left a journal whose resume saved the application again.
    journal = store(PORTAL)
    assert journal.draft_untold(KEY) is None
    journal.intend(KEY, "暂存")
    assert store(PORTAL).draft_untold(KEY) is None  # pressed, not confirmed: ask the portal
    journal.confirm(KEY, "暂存")
    saved = store(PORTAL).draft_untold(KEY)
    assert saved is not None and saved.startswith("20")  # when the portal confirmed it
    # A failed ending does not tell it: the draft is on the portal whatever failed after.
    journal.finish(KEY, _ending("failed", "cannot write review.png: the disk is full"))
    assert store(PORTAL).draft_untold(KEY) == saved
    assert store(DRY).draft_untold(KEY) is None  # another portal's record is its own
    journal.finish(KEY, _ending("review"))
    assert store(PORTAL).draft_untold(KEY) is None
    # A draft the portal was found to hold, after a press left unconfirmed, is one too.
    journal.intend(KEY, "暂存")
    journal.resolve(KEY, "暂存", found=True)
    assert store(PORTAL).draft_untold(KEY) is not None
    journal.finish(KEY, _ending("saved"))
    assert store(PORTAL).draft_untold(KEY) is None
    journal.intend(KEY, "暂存")
    journal.resolve(KEY, "暂存", found=False)
    assert store(PORTAL).draft_untold(KEY) is None


def test_a_refused_password_stands_until_the_account_signs_in(store: Opener) -> None:
    journal = store(PORTAL)
    journal.refuse_login("YarraChoc01", "ab:12345678", "用户名或密码错误", "2026-01-01")
    refusal = store(PORTAL).refused("yarrachoc01")  # usernames: case does not matter
    assert refusal is not None
    assert (refusal["fingerprint"], refusal["reason"]) == ("ab:12345678", "用户名或密码错误")
    assert store(DRY).refused("yarrachoc01") is None
    assert not store(PORTAL).account_exists("yarrachoc01")
    journal.accept_login("yarrachoc01")
    assert store(PORTAL).refused("yarrachoc01") is None
    assert store(PORTAL).account_exists("yarrachoc01")


def test_an_account_created_by_a_run_exists_before_it_signs_in(store: Opener) -> None:
    journal = store(PORTAL)
    journal.intend(KEY, "立即注册")
    assert not store(PORTAL).account_exists(KEY.username)  # pressed: not known to exist
    journal.confirm(KEY, "立即注册")
    assert store(PORTAL).account_exists(KEY.username.upper())
    assert not store(DRY).account_exists(KEY.username)
    other = AppKey("Other Plant", "0101", "otherplant01")
    journal.intend(other, "立即注册")
    journal.resolve(other, "立即注册", found=False)
    assert not store(PORTAL).account_exists("otherplant01")
    journal.resolve(other, "立即注册", found=True)
    assert store(PORTAL).account_exists("otherplant01")


def test_a_password_change_is_remembered_for_later_runs(store: Opener) -> None:
    assert store(PORTAL).password_changed("yarrachoc01") is None
    store(PORTAL).change_password("yarrachoc01", "cd:87654321", "2026-01-01")
    assert store(PORTAL).password_changed("YARRACHOC01") == "cd:87654321"


def test_a_changed_row_is_reported_by_field_and_keeps_its_history(store: Opener) -> None:
    # The key is facility, category and username: a fixed typo elsewhere keeps history.
    before = {"enterprise_name": "Yara Valley Chocolate", "tel": "+61 3 5550 1234"}
    assert store(PORTAL).remember_rows([(KEY, 1, before)]) == []
    store(PORTAL).finish(KEY, _ending("review"))
    after = {**before, "enterprise_name": "Yarra Valley Chocolate"}
    [changed] = store(PORTAL).remember_rows([(KEY, 2, after)])
    assert changed.startswith('row 2, "site" (D248-A9-CONF-CHOC): changed')
    assert changed.endswith(": enterprise_name")
    assert store(PORTAL).remember_rows([(KEY, 2, after)]) == []
    assert done(store(PORTAL), KEY) is not None


def test_applications_carry_their_history_numbers_and_latest_ending(store: Opener) -> None:
    journal = store(PORTAL)
    journal.attempt(KEY, 1)
    for step in ("open", "login", "application form"):
        journal.reached(KEY, step)
    journal.intend(KEY, "暂存")
    journal.confirm(KEY, "暂存")
    journal.finish(KEY, {**_ending("review", "stopped for review"), "error_class": ""})
    journal.synced(KEY, portal_status="draft", draft_no="D00000001", application_no=None)
    journal.synced(
        KEY, portal_status="submitted", draft_no=None, application_no="202612010000000001"
    )
    [app] = store(PORTAL).applications()
    assert app.key == KEY
    assert (app.status, app.step, app.attempts) == ("review", "application form", 1)
    assert (app.draft_no, app.application_no) == ("D00000001", "202612010000000001")
    assert app.portal_status == "submitted"
    assert app.outcome["message"] == "stopped for review"
    assert [(s.kind, s.name) for s in app.history][:4] == [
        ("attempt", "1"),
        ("step", "open"),
        ("step", "login"),
        ("step", "application form"),
    ]
    assert store(DRY).applications() == []
