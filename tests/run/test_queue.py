"""The shared list: `queue load` is idempotent and stores each document with its
SHA-256; a changed row is reported, and replaced only with --update; `status` and
`report` read the shared journal on any machine; the connection takes its password
from .env and TLS when the URL asks; the URL's password is never shown."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest

from cifer_bot.errors import CiferBotError
from cifer_bot.journal import AppKey, PostgresJournal, redact
from cifer_bot.run.queue import QueueOptions, load_queue, shared_journal
from cifer_bot.run.status import StatusOptions, report, status
from tests.support.postgres import Database
from tests.support.processes import cli
from tests.support.runs import document_of, facility_row, write_facilities

ROWS = [
    facility_row("q-choc", "qchoc01", account_exists=True, category="巧克力;糖果"),
    facility_row("q-jams", "qjams01", account_exists=False, category="果酱"),
]
PORTAL = "https://www.singlewindow.cn"


@pytest.fixture
def loaded(
    tmp_path: Path, postgres: Database, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Database]:
    """The list written and loaded once; PGPASSWORD set as an operator would."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PGPASSWORD", postgres.server.password)
    write_facilities(tmp_path, *ROWS)
    assert load_queue(_options(tmp_path, postgres), stream=io.StringIO()) == 0
    return tmp_path, postgres


def _options(folder: Path, database: Database, *, update: bool = False) -> QueueOptions:
    return QueueOptions(
        facility_file=folder / "facilities.yaml", journal=database.url, update=update
    )


def test_loading_the_same_file_twice_adds_nothing(tmp_path: Path, postgres: Database) -> None:
    write_facilities(tmp_path, *ROWS)
    env = postgres.environment()
    first = cli(tmp_path, "queue", "load", "facilities.yaml", "--journal", postgres.url, env=env)
    assert first.returncode == 0, first.stderr
    assert "3 applications added, 0 unchanged" in first.stdout
    before = postgres.query("SELECT id, digest, loaded_at FROM work_items ORDER BY id")
    again = cli(tmp_path, "queue", "load", "facilities.yaml", "--journal", postgres.url, env=env)
    assert again.returncode == 0, again.stderr
    assert "0 applications added, 3 unchanged, 0 replaced, 0 changed and kept" in again.stdout
    assert postgres.query("SELECT id, digest, loaded_at FROM work_items ORDER BY id") == before
    # Each site's document is stored once, by its SHA-256, whatever its applications.
    assert postgres.query("SELECT count(*) FROM documents") == [(2,)]


def test_each_document_is_stored_with_its_sha256(loaded: tuple[Path, Database]) -> None:
    _, database = loaded
    stored = database.query(
        "SELECT w.facility, w.document_name, d.sha256, d.size, d.content FROM work_items w "
        "JOIN documents d ON d.sha256 = w.document_sha256 ORDER BY w.id"
    )
    choc, jams = document_of("q-choc"), document_of("q-jams")
    sha = {
        name: hashlib.sha256(content).hexdigest() for name, content in (("c", choc), ("j", jams))
    }
    assert [(r[0], r[1], r[2], r[3], bytes(r[4])) for r in stored] == [
        ("q-choc", "q-choc-abn.pdf", sha["c"], len(choc), choc),
        ("q-choc", "q-choc-abn.pdf", sha["c"], len(choc), choc),
        ("q-jams", "q-jams-abn.pdf", sha["j"], len(jams), jams),
    ]


def test_a_changed_row_is_reported_and_replaced_only_with_update(
    loaded: tuple[Path, Database],
) -> None:
    folder, database = loaded
    write_facilities(folder, {**ROWS[0], "contact_name": "Wei Zhang"}, ROWS[1])
    said = io.StringIO()
    assert load_queue(_options(folder, database), stream=said) == 0
    assert (
        'changed: row 1, "q-choc" (D248-A9-CONF-CHOC): changed since it was loaded: '
        "application.contact_name; not replaced: give --update to replace it"
    ) in said.getvalue()
    assert "0 applications added, 1 unchanged, 0 replaced, 2 changed and kept" in said.getvalue()
    said = io.StringIO()
    assert load_queue(_options(folder, database, update=True), stream=said) == 0
    assert "0 applications added, 1 unchanged, 2 replaced, 0 changed and kept" in said.getvalue()
    names = database.query(
        "SELECT facility_row::json->'application'->>'contact_name' FROM work_items"
    )
    assert sorted(name for (name,) in names) == sorted(
        [ROWS[1]["contact_name"], "Wei Zhang", "Wei Zhang"]
    )


def test_invalid_rows_are_named_and_the_valid_ones_loaded(
    tmp_path: Path, postgres: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", postgres.server.password)
    write_facilities(tmp_path, ROWS[0], {**ROWS[1], "legal_rep_email": "not an address"})
    said = io.StringIO()
    assert load_queue(_options(tmp_path, postgres), stream=said) == 2
    assert 'invalid: row 2, "q-jams"' in said.getvalue()
    assert "2 applications added" in said.getvalue()


def test_status_shows_who_holds_what_since_when(loaded: tuple[Path, Database]) -> None:
    _, database = loaded
    with shared_journal(database.url, PORTAL) as alice:
        claim = alice.claim("alice@pc1", held=None, skip=set(), timeout_s=600)
        assert claim is not None
        done = {"status": "review", "worker": "alice@pc1"}
        alice.finish(AppKey("q-choc", "D248-A9-CONF-CHOC", "qchoc01"), done)
        printed = io.StringIO()
        code = status(StatusOptions(journal=database.url, portal_url=PORTAL), stream=printed)
    assert code == 1
    lines = printed.getvalue().splitlines()
    assert lines[0] == f"{database.url}: the record of {PORTAL}"
    assert "3 applications: 1 review, 2 not_started" in lines
    assert lines[-2] == f"Workers on {database.url}:"
    since = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"
    held = (
        rf"  alice@pc1  holds qchoc01 since {since} \(heartbeat \d+ s ago\); finished 1: 1 review"
    )
    assert re.fullmatch(held, lines[-1]), lines[-1]


def test_a_lapsed_claim_and_a_blocked_account_are_shown(loaded: tuple[Path, Database]) -> None:
    _, database = loaded
    with shared_journal(database.url, PORTAL) as gone:
        assert gone.claim("gone@pc2", held=None, skip=set(), timeout_s=0) is not None
        gone.refuse_login("qjams01", "ab:12345678", "用户名或密码错误", "2026-01-01T10:00")
        printed = io.StringIO()
        status(StatusOptions(journal=database.url, portal_url=PORTAL), stream=printed)
    shown = printed.getvalue()
    assert "  lapsed: qchoc01, claimed by gone@pc2 since " in shown
    assert "(its worker stopped): the next worker takes it over" in shown
    assert "  blocked: qjams01: the portal refused its password on 2026-01-01T10:00" in shown


def test_a_report_built_on_another_machine_embeds_the_thumbnail_and_says_where_the_shot_is(
    loaded: tuple[Path, Database], tmp_path: Path
) -> None:
    _, database = loaded
    key = AppKey("q-choc", "D248-A9-CONF-CHOC", "qchoc01")
    outcome = {
        "status": "review",
        "screenshot": "/home/bob/out/q-choc/D248-A9-CONF-CHOC/review.png",
        "worker": "bob@pc2",
    }
    with shared_journal(database.url, PORTAL) as bob:
        bob.finish(key, outcome, thumbnail=b"\xff\xd8\xff thumbnail")
    out = tmp_path / "elsewhere"
    printed = io.StringIO()
    report(StatusOptions(journal=database.url, portal_url=PORTAL, out=out), stream=printed)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "data:image/jpeg;base64,/9j/IHRodW1ibmFpbA==" in page
    assert (
        "The full screenshot: /home/bob/out/q-choc/D248-A9-CONF-CHOC/review.png on bob@pc2" in page
    )
    assert printed.getvalue().startswith(f"Report: {out / 'report.html'}")


def test_the_password_comes_from_dotenv_and_never_shows(
    tmp_path: Path, postgres: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    (tmp_path / ".env").write_text(f"PGPASSWORD='{postgres.server.password}'\n", encoding="utf-8")
    with shared_journal(postgres.url) as journal:
        assert journal.work() == []
    wrong = postgres.url.replace("cifer@", "cifer:Hunter2-secret@").replace(
        str(postgres.server.port), "1"
    )
    with pytest.raises(CiferBotError) as error:
        PostgresJournal(wrong, PORTAL)
    assert "Hunter2-secret" not in str(error.value)
    assert "postgresql://cifer:***@127.0.0.1:1/" in str(error.value)


def test_a_url_password_is_redacted_wherever_it_is_shown() -> None:
    assert redact("postgresql://ann:s3cret@db.example:5432/cifer?sslmode=require") == (
        "postgresql://ann:***@db.example:5432/cifer?sslmode=require"
    )
    assert redact("postgres://db/cifer?user=ann&password=s3cret") == (
        "postgres://db/cifer?user=ann&password=***"
    )
    assert redact("postgresql://ann@db/cifer") == "postgresql://ann@db/cifer"


def test_the_connection_uses_tls_when_the_url_asks(postgres: Database) -> None:
    journal = PostgresJournal(f"{postgres.url}?sslmode=require", PORTAL, password=postgres.password)
    try:
        [(ssl,)] = postgres.query(
            "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) "
            "WHERE a.application_name = 'cifer-bot' AND a.datname = %s",
            postgres.name,
        )
    finally:
        journal.close()
    assert ssl is True
