"""The one judge of every end-to-end run: what the portal received, application by
application, not what the tool said or counted.

For each application of the facility rows (each row's account and each of its food
categories), the replica holds exactly one draft, for that account and that sub-item,
whose every posted field is the row's own (dates as the form writes them, the country
by its code) and whose upload is the row's identity document byte for byte (SHA-256).
It holds no other draft and no submission. Rows whose values all differ
(`tests.support.runs.facility_row`) make a value that crossed from one application to
another fail the judge.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from cifer_bot.facilities.catalog import CATEGORY_SEPARATORS, load_catalog
from cifer_bot.facilities.fields import label_zh
from cifer_bot.facilities.models import ApplicationDetails
from cifer_bot.labels import label_key
from cifer_bot.resources import fixtures_dir
from tests.support.runs import APPLICATION_FIELDS, expected_on_page

VERSION = "2021-11-26"

Application = tuple[str, str]  # the account's username, the sub-item's Chinese name


@cache
def posted_names() -> dict[str, str]:
    """Model field -> the name the application form posts it under (by its label)."""
    rules = yaml.safe_load((fixtures_dir() / VERSION / "portal.yaml").read_text("utf-8"))
    by_label = {label_key(f["label"]): f["name"] for f in rules["application"]["fields"]}
    return {
        field: by_label[label_key(label_zh(ApplicationDetails, field))]
        for field in APPLICATION_FIELDS
    }


def sub_items(row: dict[str, Any]) -> list[str]:
    """The Chinese names of the sub-items a row applies for, in its order."""
    text = str(row.get("category", ""))
    for separator in CATEGORY_SEPARATORS[1:]:
        text = text.replace(separator, CATEGORY_SEPARATORS[0])
    catalog = load_catalog()
    names = [part.strip() for part in text.split(CATEGORY_SEPARATORS[0]) if part.strip()]
    return [catalog.lookup(name).name_zh for name in names]


def applications(rows: Iterable[dict[str, Any]]) -> dict[Application, dict[str, Any]]:
    """Every application of the rows, and the row it belongs to."""
    return {(str(row["username"]), item): row for row in rows for item in sub_items(row)}


def assert_drafts_whole(
    state: dict[str, Any],
    rows: Iterable[dict[str, Any]],
    folder: Path,
    *,
    leave_out: Collection[Application] = (),
) -> None:
    """The replica's record (`state`) after a run of `rows` (their documents in `folder`):
    one whole draft per application but those of `leave_out`, and nothing else."""
    assert state["submissions"] == [], f"the tool submitted: {state['submissions']}"
    meant = {key: row for key, row in applications(rows).items() if key not in leave_out}
    drafts: dict[Application, list[dict[str, Any]]] = {}
    for draft in state["drafts"]:
        drafts.setdefault((draft["account"], draft["item"]), []).append(draft)
    assert sorted(drafts) == sorted(meant), (
        f"drafts for {sorted(drafts)}, meant for {sorted(meant)}"
    )
    twice = {key: len(found) for key, found in drafts.items() if len(found) > 1}
    assert twice == {}, f"more than one draft of an application: {twice}"
    uploads = {upload["id"]: upload for upload in state["uploads"]}
    for key, row in meant.items():
        _assert_whole(drafts[key][0], row, uploads, folder, key)


def _assert_whole(
    draft: dict[str, Any],
    row: dict[str, Any],
    uploads: dict[str, dict[str, Any]],
    folder: Path,
    key: Application,
) -> None:
    posted: dict[str, str] = draft["values"]
    expected = expected_on_page(row)
    names = posted_names()
    wrong = {
        field: (posted.get(names[field], ""), expected[field])
        for field in APPLICATION_FIELDS
        if field != "identity_document" and posted.get(names[field], "") != expected[field]
    }
    assert wrong == {}, f"{key}: posted values differ (posted, meant): {wrong}"
    document = folder / str(row["identity_document"])
    upload = uploads.get(posted.get(names["identity_document"], ""))
    assert upload is not None, f"{key}: the draft names no upload of the replica's"
    digest = hashlib.sha256(document.read_bytes()).hexdigest()
    assert upload["sha256"] == digest, f"{key}: the upload is not {document.name}"
    assert upload["name"] == document.name, f"{key}: the upload is named {upload['name']}"
    assert upload["account"] == key[0], f"{key}: the upload is {upload['account']}'s"
