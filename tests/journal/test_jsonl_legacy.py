"""An old `journal.jsonl` is imported into the SQLite journal once, and a resumed batch
loses nothing of it."""

from __future__ import annotations

import json
from pathlib import Path

from cifer_bot.journal import AppKey, done, open_journal

KEY = AppKey("site", "D248-A9-CONF-CHOC", "yarrachoc01")
PORTAL = "https://www.singlewindow.cn"


def _old(path: Path, *records: dict[str, object], tail: str = "") -> Path:
    lines = [json.dumps({"portal": PORTAL, **r}, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n" + tail, encoding="utf-8")
    return path


def test_an_old_journal_is_imported_once_with_its_endings_intents_and_refusals(
    tmp_path: Path,
) -> None:
    mine = {"facility": "site", "category_code": KEY.category, "username": KEY.username}
    legacy = _old(
        tmp_path / "journal.jsonl",
        {**mine, "event": "finish", "status": "review", "at": "2026-01-01", "message": ""},
        {**mine, "facility": "other", "event": "intent", "action": "暂存"},
        {"event": "login_refused", "username": "bad", "fingerprint": "a:b", "reason": "x"},
        tail='{"event": "intent", "facil',
    )
    journal = open_journal(tmp_path / "state", PORTAL, legacy=legacy)
    assert journal.imported == (3, 1)
    assert done(journal, KEY) is not None
    assert journal.pending(KEY._replace(facility="other")) == "暂存"
    assert journal.refused("bad") is not None
    journal.close()
    again = open_journal(tmp_path / "state", PORTAL, legacy=legacy)
    assert again.imported == (0, 0)
    assert len(again.applications()) == 2
    again.close()


def test_an_ending_of_the_first_versions_counts_for_its_facility_and_category(
    tmp_path: Path,
) -> None:
    # Journals written before applications were keyed by username carry none: a
    # resumed run must not fill those applications twice.
    legacy = _old(
        tmp_path / "journal.jsonl",
        {"facility": "site", "category_code": KEY.category, "status": "review", "at": "x"},
    )
    journal = open_journal(tmp_path / "state", PORTAL, legacy=legacy)
    assert done(journal, KEY) is not None
    journal.close()
