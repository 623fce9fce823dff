"""The shared list's Protocol, whatever keeps it: loading is idempotent, a changed row is
replaced only when asked and only before its application starts, one worker at a time
holds an account, a lapsed claim is taken over and its old holder can no longer act."""

from __future__ import annotations

import hashlib
import json
import threading

import pytest

from cifer_bot.journal import AppKey, ClaimLost, NewItem, SqlJournal
from tests.journal.conftest import Opener

PORTAL = "https://www.singlewindow.cn"
PDF = b"%PDF-1.4\n%%EOF\n"


def _item(facility: str, username: str, category: str = "0101", **row: str) -> NewItem:
    text = json.dumps({"name": facility, **row}, sort_keys=True)
    sha = hashlib.sha256(PDF).hexdigest()
    return NewItem(
        key=AppKey(facility, category, username),
        row=1,
        category=f"{category} (category)",
        facility=text,
        digest=hashlib.sha256(f"{text}{sha}".encode()).hexdigest(),
        document_name=f"{facility}.pdf",
        document_sha256=sha,
        read_document=lambda: PDF,
    )


LIST = [_item("alpha", "alphachoc01"), _item("alpha", "alphachoc01", "0102"), _item("beta", "B1")]


def test_loading_the_same_list_twice_adds_nothing(store: Opener) -> None:
    first = store(PORTAL).load(LIST, update=False)
    assert (first.added, first.unchanged, first.kept) == (3, 0, [])
    again = store(PORTAL).load(LIST, update=False)
    assert (again.added, again.unchanged, again.replaced, again.kept) == (0, 3, 0, [])
    work = store(PORTAL).work()
    assert [item.key for item in work] == [item.key for item in LIST]
    assert store(PORTAL).document(work[0].document_sha256) == PDF


def test_a_changed_row_is_replaced_only_with_update_and_before_its_application_starts(
    store: Opener,
) -> None:
    store(PORTAL).load(LIST, update=False)
    changed = _item("beta", "B1", tel="+61 3 5550 0000")
    kept = store(PORTAL).load([changed], update=False)
    [line] = kept.kept
    assert line.startswith('row 1, "beta" (0101): changed since it was loaded: tel;')
    assert line.endswith("give --update to replace it")
    assert json.loads(store(PORTAL).work()[2].facility) == {"name": "beta"}
    replaced = store(PORTAL).load([changed], update=True)
    assert (replaced.replaced, replaced.kept) == (1, [])
    assert json.loads(store(PORTAL).work()[2].facility)["tel"] == "+61 3 5550 0000"
    store(PORTAL).attempt(changed.key, 1)
    late = store(PORTAL).load([_item("beta", "B1", tel="+61 3 5550 1111")], update=True)
    assert late.replaced == 0
    assert late.kept[0].endswith(f"not replaced: its application started on {PORTAL}")


def test_one_worker_at_a_time_holds_an_account(store: Opener) -> None:
    store(PORTAL).load(LIST, update=False)
    alice, bob = store(PORTAL), store(PORTAL)
    first = alice.claim("alice", held=None, skip=set(), timeout_s=60)
    assert first is not None and first.username == "alphachoc01"
    second = bob.claim("bob", held=None, skip=set(), timeout_s=60)
    assert second is not None and second.username == "b1"  # accounts: case aside
    assert bob.claim("bob", held=None, skip=set(), timeout_s=60) is None
    assert {(c.username, c.worker) for c in store(PORTAL).claims()} == {
        ("alphachoc01", "alice"),
        ("b1", "bob"),
    }
    alice.release(first)
    again = bob.claim("bob", held=None, skip=set(), timeout_s=60)
    assert again is not None and again.username == "alphachoc01"
    # Another portal's claims are its own.
    assert store("dry run (offline replica)").claim("x", held=None, skip=set(), timeout_s=60)


def test_a_worker_claims_only_accounts_it_holds_the_password_of(store: Opener) -> None:
    store(PORTAL).load(LIST, update=False)
    journal = store(PORTAL)
    assert journal.claim("w", held=set(), skip=set(), timeout_s=60) is None
    assert journal.claim("w", held={"nobody"}, skip=set(), timeout_s=60) is None
    claim = journal.claim("w", held={"b1"}, skip=set(), timeout_s=60)
    assert claim is not None and claim.username == "b1"
    assert journal.claim("w", held=None, skip={"alphachoc01"}, timeout_s=60) is None


def test_only_open_applications_are_work(store: Opener) -> None:
    store(PORTAL).load(LIST, update=False)
    journal = store(PORTAL)
    journal.finish(LIST[0].key, {"status": "review", "message": ""})
    journal.finish(LIST[1].key, {"status": "failed", "message": "HTTP 500"})
    assert [item.key for item in journal.work("ALPHACHOC01")] == [LIST[1].key]
    journal.finish(LIST[1].key, {"status": "check", "message": "look on the portal"})
    journal.synced(LIST[2].key, portal_status="submitted", draft_no=None, application_no="1")
    assert journal.work("alphachoc01") == []
    assert journal.claim("w", held=None, skip=set(), timeout_s=60) is None
    assert not journal.wait_for_work(held=None, skip=set(), since=0, most_s=30)


def test_an_account_whose_work_is_settled_is_claimed_by_name_to_read_the_portal(
    store: Opener,
) -> None:
    store(PORTAL).load(LIST, update=False)
    filler, syncer = store(PORTAL), store(PORTAL)
    for item in LIST[:2]:
        filler.finish(item.key, {"status": "review", "message": ""})
    assert filler.claim("filler", held={"alphachoc01"}, skip=set(), timeout_s=60) is None
    # Nothing is open, yet sync may hold the account while it reads 综合查询 for it.
    claim = syncer.claim_account("syncer", "AlphaChoc01", timeout_s=60)
    assert claim is not None and (claim.username, claim.previous) == ("alphachoc01", None)
    assert filler.claim_account("filler", "alphachoc01", timeout_s=60) is None  # held
    assert syncer.claim_account("syncer", "nobody01", timeout_s=60) is None  # not listed
    # A worker filling an account holds it against sync too.
    held = filler.claim("filler", held=None, skip=set(), timeout_s=60)
    assert held is not None and held.username == "b1"
    assert syncer.claim_account("syncer", "b1", timeout_s=60) is None
    syncer.release(claim)
    again = filler.claim_account("filler", "alphachoc01", timeout_s=0)  # lapses at once
    assert again is not None
    taken = syncer.claim_account("syncer", "alphachoc01", timeout_s=60)
    assert taken is not None and taken.previous == "filler"


def test_a_lapsed_claim_is_taken_over_and_its_old_holder_can_no_longer_act(
    store: Opener,
) -> None:
    store(PORTAL).load(LIST[:1], update=False)
    dead, alive = store(PORTAL), store(PORTAL)
    # A timeout of zero lapses at once, by the database's clock: no test waits for it.
    lapsed = dead.claim("dead", held=None, skip=set(), timeout_s=0)
    assert lapsed is not None
    taken = alive.claim("alive", held=None, skip=set(), timeout_s=60)
    assert taken is not None and taken.previous == "dead"
    assert not dead.heartbeat(lapsed)
    assert alive.heartbeat(taken)
    key = LIST[0].key
    with pytest.raises(ClaimLost, match="lapsed or was taken over"):
        dead.intend(key, "暂存")
    assert store(PORTAL).pending(key) is None  # the refused intent left no trace
    with pytest.raises(ClaimLost):
        dead.finish(key, {"status": "review", "message": ""})
    alive.intend(key, "暂存")
    assert store(PORTAL).pending(key) == "暂存"


def _waiting(waiter: SqlJournal) -> tuple[threading.Thread, list[bool]]:
    """A worker waiting for work in a thread of its own (for as long as an hour): the
    thread, started, and what its wait returned once it woke."""
    since = waiter.generation()
    woke: list[bool] = []
    thread = threading.Thread(
        target=lambda: woke.append(
            waiter.wait_for_work(held=None, skip=set(), since=since, most_s=3600)
        )
    )
    thread.start()
    return thread, woke


def test_a_waiting_worker_wakes_as_a_claim_lapses(store: Opener) -> None:
    store(PORTAL).load(LIST[:1], update=False)
    holder, waiter = store(PORTAL), store(PORTAL)
    assert holder.claim("holder", held=None, skip=set(), timeout_s=1.5) is not None
    assert waiter.claim("waiter", held=None, skip=set(), timeout_s=60) is None
    thread, woke = _waiting(waiter)
    thread.join(timeout=60)  # a guard against a wait that never wakes, not a measure
    # Woken by the lapse, not before it: the claim is free to take now.
    assert woke == [True]
    assert waiter.claim("waiter", held=None, skip=set(), timeout_s=60) is not None


def test_a_waiting_worker_wakes_when_another_releases_its_claim(store: Opener) -> None:
    # SQLite wakes the threads of its own run; PostgreSQL wakes other machines too, by
    # NOTIFY: here the waiter and the holder have connections of their own.
    store(PORTAL).load(LIST[:1], update=False)
    holder = store(PORTAL)
    waiter = holder if "sqlite" in type(holder).__name__.lower() else store(PORTAL)
    claim = holder.claim("holder", held=None, skip=set(), timeout_s=600)
    assert claim is not None
    thread, woke = _waiting(waiter)
    holder.release(claim)
    thread.join(timeout=60)  # a guard against a wait that never wakes, not a measure
    assert woke == [True]
    assert waiter.claim("waiter", held=None, skip=set(), timeout_s=60) is not None


def test_refused_accounts_are_listed_until_they_sign_in(store: Opener) -> None:
    journal = store(PORTAL)
    journal.refuse_login("Alpha1", "ab:12345678", "用户名或密码错误", "2026-01-01")
    assert set(store(PORTAL).refusals()) == {"alpha1"}
    assert store("dry run (offline replica)").refusals() == {}
    journal.accept_login("alpha1")
    assert store(PORTAL).refusals() == {}


def test_a_thumbnail_is_kept_with_the_ending(store: Opener) -> None:
    key = LIST[0].key
    store(PORTAL).finish(key, {"status": "review", "message": ""}, thumbnail=b"\xff\xd8jpeg")
    [app] = store(PORTAL).applications()
    assert app.thumbnail == b"\xff\xd8jpeg"
