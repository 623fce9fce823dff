"""The portal's pages, as the guide's six steps show them, behind the replica's plumbing."""

from __future__ import annotations

import html
import secrets
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from cifer_bot.replica import captcha, checks
from cifer_bot.replica.handler import HOME
from cifer_bot.replica.password_pages import local
from cifer_bot.replica.uploads import Uploads


class PortalHandler(Uploads):
    """The portal's pages and forms: steps 1 to 6, and the query page."""

    # -- step 1 and 2 -----------------------------------------------------------------
    def landing(self) -> None:
        self.page("landing.html")

    def portal(self) -> None:
        self.page("portal.html")

    def portal_without_slash(self) -> None:
        self.redirect("/new/")

    # -- step 3: login, captcha, account registration ----------------------------------
    def login_page(self, status: int = HTTPStatus.OK, username: str = "") -> None:
        service = self.query.get("service") or self.form().get("service") or HOME
        self.page(
            "login.html",
            http_status=status,
            captcha_src=f"/cas/plat_cas_verifycode_gen?r={secrets.randbelow(10**16)}",
            lt=f"LT-{secrets.token_hex(8)}",
            execution=f"e{secrets.randbelow(100)}s1",
            service=local(service),
            username=username,
        )

    def login_get(self) -> None:
        # As a CAS login does: a session that is signed in goes straight to the service.
        service = self.query.get("service") or HOME
        if self.sess.user:
            self.redirect(local(service))
            return
        self.login_page()

    def login_post(self) -> None:
        form = self.form()
        username = form.get("swy", "").strip()
        typed = form.get("verifyCode", "").strip().upper()
        expected, self.sess.captcha = self.sess.captcha, None  # one try per image
        if not typed:
            self.sess.flash_error = self.message("login", "empty_captcha")
        elif self.replica.faults.fire_once("captcha-wrong-once") or typed != expected:
            self.sess.flash_error = self.message("login", "bad_captcha")
        else:
            account = self.replica.state.check_login(username, form.get("swm", ""))
            service = local(form.get("service") or HOME)
            if account is None:
                self.sess.flash_error = self.message("login", "bad_credentials")
            elif account.must_change_password:
                # An account issued by GACC: its password must be changed first (found).
                self.sess.must_change = account.username
                self.redirect(f"/cas/changepwd?service={quote(service, safe='')}")
                return
            else:
                self.sess.user = account.username
                self.redirect(service)
                return
        self.login_page(username=username)

    def captcha_image(self) -> None:
        rules = self.replica.pages.rules["login"]["captcha"]
        code = captcha.new_code(rules["alphabet"], int(rules["length"]))
        self.sess.captcha = code
        image = captcha.draw(code, int(rules["width"]), int(rules["height"]))
        self.sess.captcha_shown = self.replica.state.captcha_shown()
        self.send(image, content_type="image/png")

    def logout(self) -> None:
        self.sess.user = None
        self.redirect("/cas/login")

    def register_get(self) -> None:
        self.page("register.html")

    def register_post(self) -> None:
        form = self.form()
        self.replica.state.note_register_post(form.get("userName", ""))
        errors = checks.account_errors(self.replica.pages, form)
        public = {k: v for k, v in form.items() if "password" not in k.lower()}
        if errors:
            self.page("register.html", error="；".join(errors), posted_json=public)
            return
        details = {k: v for k, v in public.items() if k != "userName"}
        created = self.replica.state.register(form["userName"], form["password"], details)
        self.replica.faults.hold("register")
        if not created:
            self.page(
                "register.html",
                error=self.message("register", "username_taken"),
                posted_json=public,
            )
            return
        self.sess.flash_message = self.message("register", "success")
        self.redirect(f"/cas/login?service={quote(HOME, safe='')}")

    # -- step 4 and 5 -----------------------------------------------------------------
    def home(self) -> None:
        if self.require_login():
            self.page("home.html")

    def notice(self) -> None:
        if self.require_login():
            self.page("notice.html")

    def categories(self) -> None:
        user = self.require_login()
        if user:
            self.page("categories.html", account_kind=self._account_kind(user))

    def _account_kind(self, user: str) -> str:
        account = self.replica.state.accounts.get(user.lower())
        return account.kind if account else "self"

    def query_page(self) -> None:
        user = self.require_login()
        if not user:
            return
        self.replica.state.note_query(user)
        drafts, submissions = self.replica.state.of_account(user)
        status = self.replica.pages.rules["server"]["query"]
        rows = [
            (
                html.escape(s.application_no),
                s.item,
                s.values.get("entName", ""),
                status["submitted"],
                s.submitted_at,
            )
            for s in submissions
        ] + [
            # A draft's number opens it again, to finish and submit it (a person's act).
            (
                f'<a href="/cifer/apply?item={quote(d.item)}&amp;draft={quote(d.id)}">'
                f"{html.escape(d.id)}</a>",
                d.item,
                d.values.get("entName", ""),
                status["draft"],
                d.saved_at,
            )
            for d in drafts
        ]
        html_rows = "".join(
            f"<tr><td>{number}</td>"
            + "".join(f"<td>{html.escape(cell)}</td>" for cell in cells)
            + "</tr>"
            for number, *cells in rows
        )
        self.page("query.html", rows=html_rows)

    # -- step 6: the application form -------------------------------------------------
    def _item_or_refuse(self, user: str, item: str) -> bool:
        category = self.replica.pages.categories.get(item)
        if category is None:
            self.error_page(HTTPStatus.NOT_FOUND, self.message("categories", "unknown_item"))
            return False
        if category.group == "recommend" and self._account_kind(user) == "self":
            self.error_page(
                HTTPStatus.FORBIDDEN, self.message("categories", "recommendation_required")
            )
            return False
        return True

    def form_page(self) -> None:
        user = self.require_login()
        if not user:
            return
        item = self.query.get("item", "")
        if not self._item_or_refuse(user, item):
            return
        # A form opened from the category list is new; one opened from 综合查询 names
        # its draft (`draft=ID`), whose saves then update that draft.
        draft = self.replica.state.draft(self.query.get("draft"), user)
        self.sess.open_forms[item] = draft.id if draft is not None else None
        self._render_form(user, item)
        if self.replica.faults.fire_once("expire-session"):
            self.sess.expire_on_next_request = True

    def _render_form(
        self, user: str, item: str, status: int = HTTPStatus.OK, **values: Any
    ) -> None:
        draft = self.replica.state.draft(self.sess.open_forms.get(item), user)
        if self.wants_json():  # a single-page application's script asked
            answer = {key: values[key] for key in ("message", "error") if values.get(key)}
            self.json({**answer, "draft": draft.id if draft else None})
            return
        saved = dict(draft.values) if draft else {}
        upload = self.replica.state.upload_of(saved.get("idFileId", ""), user)
        if upload is not None:
            saved["idFileName"] = upload.name
        self.page(
            "form.html",
            http_status=status,
            item=item,
            draft_json=saved,
            upload_url="/cifer/upload",
            **values,
        )

    def apply(self) -> None:
        user = self.require_login()
        if not user:
            return
        form = self.form()
        item = form.pop("item", "")
        action = form.pop("action", "")
        if not self._item_or_refuse(user, item):
            return
        values = {
            spec["name"]: form.get(spec["name"], "").strip()
            for spec in self.replica.pages.fields("application")
        }
        opened = self.sess.open_forms.get(item)
        refused = self._riding_file(user, values)
        if refused is not None:
            self._render_form(user, item, HTTPStatus.OK, error=refused, posted_json=values)
            return
        if action == "draft":
            draft = self.replica.state.save_draft(user, item, values, opened)
            self.sess.open_forms[item] = draft.id
            self.replica.faults.hold("apply")
            self._render_form(user, item, message=self.message("application", "draft_saved"))
            return
        errors = checks.application_errors(
            self.replica.pages,
            values,
            lambda upload_id: self.replica.state.upload_of(upload_id, user) is not None,
        )
        if errors:
            self._render_form(
                user, item, HTTPStatus.OK, error="；".join(errors), posted_json=values
            )
            return
        submission = self.replica.state.submit(user, item, values, opened)
        self.sess.open_forms.pop(item, None)
        self.replica.faults.hold("apply")
        if self.wants_json():
            message = self.message("application", "submitted")
            self.json({"message": message, "application_no": submission.application_no})
            return
        self.page(
            "result.html",
            item=item,
            application_no=submission.application_no,
            message=self.message("application", "submitted"),
        )


PortalHandler.ROUTES = {
    ("GET", "/"): PortalHandler.landing,
    ("GET", "/new/"): PortalHandler.portal,
    ("GET", "/new"): PortalHandler.portal_without_slash,
    ("GET", "/cas/login"): PortalHandler.login_get,
    ("POST", "/cas/login"): PortalHandler.login_post,
    ("GET", "/cas/plat_cas_verifycode_gen"): PortalHandler.captcha_image,
    ("GET", "/cas/logout"): PortalHandler.logout,
    ("GET", "/cas/changepwd"): PortalHandler.change_password_get,
    ("POST", "/cas/changepwd"): PortalHandler.change_password_post,
    ("GET", "/cas/register"): PortalHandler.register_get,
    ("POST", "/cas/register"): PortalHandler.register_post,
    ("GET", "/cifer/"): PortalHandler.home,
    ("GET", "/cifer/notice"): PortalHandler.notice,
    ("GET", "/cifer/categories"): PortalHandler.categories,
    ("GET", "/cifer/query"): PortalHandler.query_page,
    ("GET", "/cifer/apply"): PortalHandler.form_page,
    ("POST", "/cifer/apply"): PortalHandler.apply,
    ("POST", "/cifer/upload"): PortalHandler.upload,
}
# A page set's single-page application shows its views at addresses of its own, all of
# them served its one document: the system home's (page set `spa`).
PortalHandler.APPS = {("GET", "/cifer/app/"): PortalHandler.home}
