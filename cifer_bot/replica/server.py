"""The replica's HTTP server: the portal's pages and behaviour, on loopback only."""

from __future__ import annotations

import email.parser
import email.policy
import html
import json
import re
import secrets
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import PurePosixPath
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, quote, urlsplit

import pycountry

from cifer_bot.errors import InputError, ReplicaError
from cifer_bot.hosts import is_loopback_host
from cifer_bot.replica import captcha
from cifer_bot.replica.faults import Fault, step_of
from cifer_bot.replica.pages import PageSet
from cifer_bot.replica.state import ReplicaState

DEFAULT_VERSION = "2021-11-26"
COOKIE = "JSESSIONID"
HOME = "/cifer/"

_USERNAME = re.compile(r"(?=.*[A-Za-z])[A-Za-z0-9]{6,18}")
_PASSWORD_CHARS = re.compile(r"[\x21-\x7e]{8,16}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_TEL = re.compile(r"\+?[0-9][0-9\s\-()]{4,29}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNTRIES = frozenset(country.alpha_3 for country in pycountry.countries)


@dataclass
class Session:
    token: str
    captcha: str | None = None
    user: str | None = None
    flash_error: str = ""
    flash_message: str = ""
    expire_on_next_request: bool = False


@dataclass
class _FaultBook:
    """Which faults are on, and how many times each has fired."""

    faults: tuple[Fault, ...]
    fired: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def has(self, kind: str) -> Fault | None:
        return next((f for f in self.faults if f.kind == kind), None)

    def fire_once(self, kind: str) -> bool:
        """True the first time a one-shot fault of this kind is asked about."""
        with self.lock:
            for index, fault in enumerate(self.faults):
                if fault.kind == kind and not self.fired.get(index):
                    self.fired[index] = 1
                    return True
        return False

    def http500(self, step: str | None) -> bool:
        if step is None:
            return False
        with self.lock:
            for index, fault in enumerate(self.faults):
                if fault.kind == "http500" and fault.step == step:
                    count = self.fired.get(index, 0)
                    if fault.times is None or count < fault.times:
                        self.fired[index] = count + 1
                        return True
        return False


def check_loopback(host: str) -> None:
    """Refuse any bind address that is not this machine's loopback."""
    refusal = InputError(
        f"the replica serves on loopback only (127.0.0.1, ::1 or localhost), not {host!r}"
    )
    if not is_loopback_host(host):
        raise refusal
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as error:
        raise ReplicaError(f"cannot resolve the replica's host {host!r}: {error}") from None
    if not all(is_loopback_host(str(info[4][0])) for info in infos):
        raise refusal


class Replica:
    """The replica of one portal version, served in a background thread.

    Use as a context manager: `with Replica() as replica: ... replica.url`.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: Iterable[Fault] = (),
        version: str = DEFAULT_VERSION,
    ) -> None:
        check_loopback(host)
        self.faults = _FaultBook(tuple(faults))
        self.pages = PageSet(version, drift=self.faults.has("drift") is not None)
        self.state = ReplicaState()
        self.sessions: dict[str, Session] = {}
        self._sessions_lock = threading.Lock()
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        server_class = type("_Server", (ThreadingHTTPServer,), {"address_family": family})
        try:
            self._server = server_class((host, port), _Handler)
        except OSError as error:
            raise ReplicaError(f"cannot serve the replica on {host}:{port}: {error}") from None
        self._server.daemon_threads = True
        self._server.replica = self
        self._thread: threading.Thread | None = None
        bound_host, bound_port = self._server.server_address[:2]
        shown = f"[{bound_host}]" if ":" in str(bound_host) else str(bound_host)
        self.url = f"http://{shown}:{bound_port}/"

    # -- life -------------------------------------------------------------------------
    def start(self) -> Self:
        self._thread = threading.Thread(
            # A short poll: `stop` waits out at most one interval.
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="cifer-bot-replica",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- state ------------------------------------------------------------------------
    def add_account(
        self, username: str, password: str, *, kind: str = "self", **details: str
    ) -> None:
        """Seed an account, as if it had been created before the run."""
        self.state.add_account(username, password, kind, details)

    def session(self, token: str | None) -> Session:
        with self._sessions_lock:
            if token and token in self.sessions:
                return self.sessions[token]
            created = Session(secrets.token_hex(16))
            self.sessions[created.token] = created
            return created


class _Handler(BaseHTTPRequestHandler):
    server_version = "Apache-Coyote/1.1"
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, keep-alive clients wait
    # for a delayed ACK on every request.
    disable_nagle_algorithm = True

    @property
    def replica(self) -> Replica:
        replica: Replica = self.server.replica  # type: ignore[attr-defined]
        return replica

    def log_message(self, format: str, *args: Any) -> None:
        # Quiet by default: a test run should not print every request.
        return

    # -- plumbing ---------------------------------------------------------------------
    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        self.query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.body = self._read_body() if method == "POST" else b""
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        token = cookie[COOKIE].value if COOKIE in cookie else None
        self.sess = self.replica.session(token)
        self.new_cookie = self.sess.token != token
        path = parts.path
        if path.startswith("/__replica/"):
            self._replica_api(method, path)
            return
        if path.startswith("/static/"):
            self._static(path.removeprefix("/static/"))
            return
        step = step_of(method, path)
        book = self.replica.faults
        if book.http500(step):
            self._error_page(HTTPStatus.INTERNAL_SERVER_ERROR, self.message("server", "busy"))
            return
        if self.sess.expire_on_next_request:
            # The fault `expire-session`: the portal forgot the login mid-way.
            self.sess.user = None
            self.sess.expire_on_next_request = False
        route = _ROUTES.get((method, path))
        if route is None:
            self._error_page(HTTPStatus.NOT_FOUND, self.message("server", "not_found"))
            return
        slow = book.has("slow")
        if slow is not None and path != "/cas/plat_cas_verifycode_gen":
            time.sleep(slow.seconds)
        try:
            route(self)
        except Exception as error:  # a bug or a missing page: answer, do not hang the client
            body = f"replica error: {type(error).__name__}: {error}".encode()
            self.send(
                body,
                status=HTTPStatus.INTERNAL_SERVER_ERROR,
                content_type="text/plain; charset=utf-8",
            )

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def form(self) -> dict[str, str]:
        return {
            k: v[0] for k, v in parse_qs(self.body.decode("utf-8"), keep_blank_values=True).items()
        }

    def send(
        self,
        body: bytes,
        *,
        status: int = HTTPStatus.OK,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if self.new_cookie:
            self.send_header("Set-Cookie", f"{COOKIE}={self.sess.token}; Path=/; HttpOnly")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send(b"", status=HTTPStatus.FOUND, headers={"Location": location})

    def page(self, name: str, http_status: int = HTTPStatus.OK, **values: Any) -> None:
        values.setdefault("account", self.sess.user or "")
        values.setdefault("error", self.sess.flash_error)
        values.setdefault("message", self.sess.flash_message)
        values.setdefault("posted_json", {})
        self.sess.flash_error = self.sess.flash_message = ""
        self.send(self.replica.pages.render(name, values), status=http_status)

    def json(self, value: object, status: int = HTTPStatus.OK) -> None:
        body = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self.send(body, status=status, content_type="application/json; charset=utf-8")

    def _error_page(self, status: HTTPStatus, message: str) -> None:
        self.page(
            "error.html",
            http_status=status,
            status=f"{status.value} {status.phrase}",
            error=message,
        )

    def _static(self, relative: str) -> None:
        found = self.replica.pages.static(str(PurePosixPath(relative)))
        if found is None:
            self._error_page(HTTPStatus.NOT_FOUND, self.message("server", "not_found"))
            return
        body, kind = found
        self.send(body, content_type=kind)

    def message(self, section: str, key: str, **fields: object) -> str:
        return self.replica.pages.message(section, key, **fields)

    def require_login(self, *, api: bool = False) -> str | None:
        """The logged-in username, or None after answering with the way to the login."""
        if self.sess.user:
            return self.sess.user
        if api:
            self.json({"error": self.message("login", "session_expired")}, HTTPStatus.UNAUTHORIZED)
            return None
        if self.replica.state.logins:
            self.sess.flash_error = self.message("login", "session_expired")
        self.redirect(f"/cas/login?service={quote(HOME, safe='')}")
        return None

    # -- the replica's own routes (never on the live portal) --------------------------
    def _replica_api(self, method: str, path: str) -> None:
        if not is_loopback_host(self.client_address[0]):
            self.json({"error": "loopback only"}, HTTPStatus.FORBIDDEN)
            return
        state = self.replica.state
        if (method, path) == ("GET", "/__replica/state"):
            self.json(state.snapshot())
        elif (method, path) == ("GET", "/__replica/captcha"):
            # The back channel for dry runs: the answer for the caller's own session.
            if self.sess.captcha is None:
                self.json({"error": "no captcha shown to this session yet"}, HTTPStatus.NOT_FOUND)
            else:
                self.json({"answer": self.sess.captcha})
        elif (method, path) == ("POST", "/__replica/accounts"):
            try:
                data = json.loads(self.body or b"{}")
                username, password = str(data["username"]), str(data["password"])
                details = {k: str(v) for k, v in dict(data.get("details", {})).items()}
            except (ValueError, KeyError, TypeError, AttributeError):
                self.json(
                    {"error": 'send JSON {"username": ..., "password": ..., "kind": ...}'},
                    HTTPStatus.BAD_REQUEST,
                )
                return
            self.replica.add_account(
                username, password, kind=str(data.get("kind", "self")), **details
            )
            self.json({"ok": True})
        elif (method, path) == ("POST", "/__replica/reset"):
            state.reset()
            self.json({"ok": True})
        else:
            self.json({"error": "unknown replica route"}, HTTPStatus.NOT_FOUND)

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
            service=_local(service),
            username=username,
        )

    def login_get(self) -> None:
        # As a CAS login does: a session that is signed in goes straight to the service.
        service = self.query.get("service") or HOME
        if self.sess.user:
            self.redirect(_local(service))
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
            if account is None:
                self.sess.flash_error = self.message("login", "bad_credentials")
            else:
                self.sess.user = account.username
                service = form.get("service") or HOME
                self.redirect(_local(service))
                return
        self.login_page(username=username)

    def captcha_image(self) -> None:
        rules = self.replica.pages.rules["login"]["captcha"]
        code = captcha.new_code(rules["alphabet"], int(rules["length"]))
        self.sess.captcha = code
        image = captcha.draw(code, int(rules["width"]), int(rules["height"]))
        self.send(image, content_type="image/png")

    def logout(self) -> None:
        self.sess.user = None
        self.redirect("/cas/login")

    def register_get(self) -> None:
        self.page("register.html")

    def register_post(self) -> None:
        form = self.form()
        errors = self._account_errors(form)
        public = {k: v for k, v in form.items() if "password" not in k.lower()}
        if errors:
            self.page("register.html", error="；".join(errors), posted_json=public)
            return
        details = {k: v for k, v in public.items() if k != "userName"}
        if not self.replica.state.register(form["userName"], form["password"], details):
            self.page(
                "register.html",
                error=self.message("register", "username_taken"),
                posted_json=public,
            )
            return
        self.sess.flash_message = self.message("register", "success")
        self.redirect(f"/cas/login?service={quote(HOME, safe='')}")

    def _account_errors(self, form: dict[str, str]) -> list[str]:
        """Every rule of the registration form the posted values break, in form order."""
        errors: list[str] = []
        for spec in self.replica.pages.fields("register"):
            name, label = spec["name"], spec["label"]
            value = form.get(name, "").strip()
            if not value:
                if spec.get("required"):
                    key = "country_required" if name == "countryCode" else "required"
                    errors.append(self.message("register", key, label=label))
                continue
            if (
                "max" in spec
                and len(value) > int(spec["max"])
                and name not in {"userName", "password", "confirmPassword"}
            ):
                errors.append(self.message("register", "too_long", label=label, max=spec["max"]))
            elif name == "userName" and not _USERNAME.fullmatch(value):
                errors.append(self.message("register", "username_rule"))
            elif name == "password" and not _portal_password_ok(form.get("password", "")):
                errors.append(self.message("register", "password_rule"))
            elif name == "confirmPassword" and form.get("confirmPassword") != form.get("password"):
                errors.append(self.message("register", "password_mismatch"))
            elif name == "countryCode" and value not in _COUNTRIES:
                errors.append(self.message("register", "country_required"))
            elif name == "contactEmail" and not _EMAIL.fullmatch(value):
                errors.append(self.message("register", "email_rule"))
            elif name == "contactTel" and not _TEL.fullmatch(value):
                errors.append(self.message("register", "tel_rule"))
        return errors

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
        drafts, submissions = self.replica.state.of_account(user)
        status = self.replica.pages.rules["server"]["query"]
        rows = [
            (
                s.application_no,
                s.item,
                s.values.get("entName", ""),
                status["submitted"],
                s.submitted_at,
            )
            for s in submissions
        ] + [("", d.item, d.values.get("entName", ""), status["draft"], d.saved_at) for d in drafts]
        html_rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
            for row in rows
        )
        self.page("query.html", rows=html_rows)

    # -- step 6: the application form -------------------------------------------------
    def _item_or_refuse(self, user: str, item: str) -> bool:
        category = self.replica.pages.categories.get(item)
        if category is None:
            self._error_page(HTTPStatus.NOT_FOUND, self.message("categories", "unknown_item"))
            return False
        if category.group == "recommend" and self._account_kind(user) == "self":
            self._error_page(
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
        self._render_form(user, item)
        if self.replica.faults.fire_once("expire-session"):
            self.sess.expire_on_next_request = True

    def _render_form(
        self, user: str, item: str, status: int = HTTPStatus.OK, **values: Any
    ) -> None:
        draft = self.replica.state.draft(user, item)
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
        if action == "draft":
            self.replica.state.save_draft(user, item, values)
            self._render_form(user, item, message=self.message("application", "draft_saved"))
            return
        errors = self._application_errors(user, values)
        if errors:
            self._render_form(
                user, item, HTTPStatus.OK, error="；".join(errors), posted_json=values
            )
            return
        submission = self.replica.state.submit(user, item, values)
        self.page(
            "result.html",
            item=item,
            application_no=submission.application_no,
            message=self.message("application", "submitted"),
        )

    def _application_errors(self, user: str, values: dict[str, str]) -> list[str]:
        errors: list[str] = []
        for spec in self.replica.pages.fields("application"):
            name, label, kind = spec["name"], spec["label"], spec.get("kind", "text")
            value = values.get(name, "")
            if not value:
                if spec.get("required"):
                    key = "file_required" if kind == "file" else "required"
                    errors.append(self.message("application", key, label=label))
            elif kind == "email" and not _EMAIL.fullmatch(value):
                errors.append(self.message("application", "email_rule", label=label))
            elif kind == "date" and not _valid_date(value):
                errors.append(self.message("application", "date_rule", label=label))
            elif kind == "select" and name == "countryCode" and value not in _COUNTRIES:
                errors.append(self.message("application", "required", label=label))
            elif kind == "file" and self.replica.state.upload_of(value, user) is None:
                errors.append(self.message("application", "file_required"))
        return errors

    def upload(self) -> None:
        user = self.require_login(api=True)
        if not user:
            return
        name, data = _multipart_file(self.headers.get("Content-Type", ""), self.body)
        rules = self.replica.pages.rules["application"]["upload"]
        if name is None:
            self.json(
                {"error": self.message("application", "file_required")}, HTTPStatus.BAD_REQUEST
            )
        elif name.rsplit(".", 1)[-1].lower() not in rules["extensions"] or "." not in name:
            self.json({"error": self.message("application", "file_type")}, HTTPStatus.BAD_REQUEST)
        elif len(data) > int(rules["max_bytes"]):
            self.json({"error": self.message("application", "file_size")}, HTTPStatus.BAD_REQUEST)
        else:
            saved = self.replica.state.add_upload(user, name, data)
            self.json({"id": saved.id, "name": saved.name, "size": saved.size})


def _local(service: str) -> str:
    """A service to go back to after the login: a path on this server, never elsewhere."""
    return service if service.startswith("/") and not service.startswith("//") else HOME


def _portal_password_ok(password: str) -> bool:
    """The portal's own rule (the page's hint): 8-16, any two kinds of character."""
    if not _PASSWORD_CHARS.fullmatch(password):
        return False
    kinds = [
        any(c.isupper() for c in password),
        any(c.islower() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    ]
    return sum(kinds) >= 2


def _valid_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _multipart_file(content_type: str, body: bytes) -> tuple[str | None, bytes]:
    """The first file part of a multipart/form-data body: (file name, bytes)."""
    if not content_type.startswith("multipart/form-data"):
        return None, b""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    for part in message.iter_parts():
        filename = part.get_filename()
        if filename:
            payload = part.get_payload(decode=True)
            return filename, payload if isinstance(payload, bytes) else b""
    return None, b""


_ROUTES: dict[tuple[str, str], Any] = {
    ("GET", "/"): _Handler.landing,
    ("GET", "/new/"): _Handler.portal,
    ("GET", "/new"): _Handler.portal_without_slash,
    ("GET", "/cas/login"): _Handler.login_get,
    ("POST", "/cas/login"): _Handler.login_post,
    ("GET", "/cas/plat_cas_verifycode_gen"): _Handler.captcha_image,
    ("GET", "/cas/logout"): _Handler.logout,
    ("GET", "/cas/register"): _Handler.register_get,
    ("POST", "/cas/register"): _Handler.register_post,
    ("GET", "/cifer/"): _Handler.home,
    ("GET", "/cifer/notice"): _Handler.notice,
    ("GET", "/cifer/categories"): _Handler.categories,
    ("GET", "/cifer/query"): _Handler.query_page,
    ("GET", "/cifer/apply"): _Handler.form_page,
    ("POST", "/cifer/apply"): _Handler.apply,
    ("POST", "/cifer/upload"): _Handler.upload,
}
