"""The portal's forced password change: an account issued by GACC changes its password
at its first login (found), before the portal lets it go anywhere else."""

from __future__ import annotations

from urllib.parse import quote

from cifer_bot.replica import checks
from cifer_bot.replica.handler import HOME, Handler
from cifer_bot.replica.state import md5_hex


def local(service: str) -> str:
    """A service to go back to after the login: a path on this server, never elsewhere."""
    return service if service.startswith("/") and not service.startswith("//") else HOME


class PasswordPages(Handler):
    """`/cas/changepwd`: shown instead of the service while a password must change."""

    def change_password_get(self) -> None:
        if self.sess.must_change is None:
            self.redirect(f"/cas/login?service={quote(HOME, safe='')}")
            return
        self.page(
            "change_password.html",
            username=self.sess.must_change,
            service=local(self.query.get("service") or HOME),
            message=self.message("change_password", "must_change"),
        )

    def change_password_post(self) -> None:
        username = self.sess.must_change
        form = self.form()
        service = local(form.get("service") or HOME)
        if username is None:
            self.redirect(f"/cas/login?service={quote(service, safe='')}")
            return
        old, new = form.get("oldPassword", ""), form.get("newPassword", "")
        if new != form.get("confirmPassword", ""):
            error = self.message("change_password", "mismatch")
        elif not checks.portal_password_ok(new):
            error = self.message("register", "password_rule")
        elif new == old:
            error = self.message("change_password", "same")
        elif not self.replica.state.change_password(username, md5_hex(old), new):
            error = self.message("change_password", "wrong_old")
        else:
            self.sess.must_change = None
            self.sess.user = username
            self.redirect(service)
            return
        self.page("change_password.html", username=username, service=service, error=error)
