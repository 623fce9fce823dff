"""The portal's files: the upload's own request, and a file that rides with the form."""

from __future__ import annotations

from http import HTTPStatus

from cifer_bot.replica import checks
from cifer_bot.replica.password_pages import PasswordPages


class Uploads(PasswordPages):
    """`/cifer/upload`, and the file a classic multipart form posts with 暂存."""

    def upload(self) -> None:
        user = self.require_login(api=True)
        if not user:
            return
        name, data = checks.multipart_file(self.headers.get("Content-Type", ""), self.body)
        refused = self._refused_file(name, data)
        if refused is not None:
            self.json({"error": refused}, HTTPStatus.BAD_REQUEST)
            return
        assert name is not None
        saved = self.replica.state.add_upload(user, name, data)
        self.replica.faults.hold("upload")
        self.json({"id": saved.id, "name": saved.name, "size": saved.size})

    def _refused_file(self, name: str | None, data: bytes) -> str | None:
        """The portal's reason to refuse a file (none chosen, its type, its size), or None."""
        rules = self.replica.pages.rules["application"]["upload"]
        if not name:
            return self.message("application", "file_required")
        if "." not in name or name.rsplit(".", 1)[-1].lower() not in rules["extensions"]:
            return self.message("application", "file_type")
        if len(data) > int(rules["max_bytes"]):
            return self.message("application", "file_size")
        return None

    def _riding_file(self, user: str, values: dict[str, str]) -> str | None:
        """A classic multipart form posts its file with the form itself: recorded as an
        upload, whose id the draft keeps (the portal's reason to refuse it, or None). A
        file field left empty keeps the file saved before."""
        riding = next((part for part in self.files() if part.filename), None)
        if riding is None:
            return None
        refused = self._refused_file(riding.filename, riding.data)
        if refused is None:
            values["idFileId"] = self.replica.state.add_upload(
                user, riding.filename, riding.data
            ).id
        return refused
