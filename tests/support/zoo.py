"""The drift zoo's judge: what the portal received, not what the page showed.

A page set of the zoo (`fixtures/html/2021-11-26-<name>/`, served with the replica
fault `drift:<name>`) keeps the guide's labels and posts the field names of
`portal.yaml`. After a run, the replica's record of the saved draft must hold every one
of the 20 application fields as the facility file gives it, and the uploaded file must
be the identity document, byte for byte (SHA-256).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from cifer_bot.facilities.fields import label_zh
from cifer_bot.facilities.models import ApplicationDetails
from cifer_bot.labels import label_key
from cifer_bot.resources import fixtures_dir
from tests.support.runs import APPLICATION_FIELDS, expected_on_page

VERSION = "2021-11-26"


def page_sets() -> list[str]:
    """The names of the zoo's page sets: every variant folder of the version, but the
    changed portals (`changed-*`), which the shipped map is not meant to fill."""
    return sorted(
        name
        for path in fixtures_dir().glob(f"{VERSION}-*")
        if path.is_dir()
        and not (name := path.name.removeprefix(f"{VERSION}-")).startswith("changed-")
    )


@cache
def posted_names() -> dict[str, str]:
    """Model field -> the name the application form posts it under (by its label)."""
    rules = yaml.safe_load((fixtures_dir() / VERSION / "portal.yaml").read_text("utf-8"))
    by_label = {label_key(f["label"]): f["name"] for f in rules["application"]["fields"]}
    return {
        field: by_label[label_key(label_zh(ApplicationDetails, field))]
        for field in APPLICATION_FIELDS
    }


def assert_draft_matches(state: dict[str, Any], row: dict[str, Any], folder: Path) -> None:
    """One draft, with all 20 fields as posted values, and the document's own bytes."""
    assert state["submissions"] == [], "the tool submitted an application"
    assert len(state["drafts"]) == 1, f"{len(state['drafts'])} drafts saved"
    posted: dict[str, str] = state["drafts"][0]["values"]
    expected = expected_on_page(row)
    names = posted_names()
    wrong = {
        field: (posted.get(names[field], ""), expected[field])
        for field in APPLICATION_FIELDS
        if field != "identity_document" and posted.get(names[field], "") != expected[field]
    }
    assert wrong == {}, f"posted values differ (posted, meant): {wrong}"
    document = folder / str(row["identity_document"])
    upload_id = posted.get(names["identity_document"], "")
    uploads = {upload["id"]: upload for upload in state["uploads"]}
    assert upload_id in uploads, f"the draft names no upload ({upload_id!r})"
    digest = hashlib.sha256(document.read_bytes()).hexdigest()
    assert uploads[upload_id]["sha256"] == digest, "the upload is not the identity document"
    assert uploads[upload_id]["name"] == document.name
