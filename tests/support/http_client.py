"""A small cookie-keeping HTTP client for talking to the replica without a browser."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from typing import Any

from cifer_bot.replica.state import md5_hex


@dataclass
class Answer:
    status: int
    text: str
    headers: dict[str, str]
    body: bytes

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def json(self) -> Any:
        return json.loads(self.body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Client:
    """One browser-like session: keeps cookies, does not follow redirects by itself."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, str] | bytes | None = None,
        headers: dict[str, str] | None = None,
        follow: bool = True,
    ) -> Answer:
        body: bytes | None = None
        all_headers = dict(headers or {})
        if isinstance(data, dict):
            body = urllib.parse.urlencode(data).encode()
            all_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        elif isinstance(data, bytes):
            body = data
        request = urllib.request.Request(
            urllib.parse.urljoin(self.base, urllib.parse.quote(path, safe="/?=&%:+")),
            data=body,
            method=method,
            headers=all_headers,
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                raw = response.read()
                answer = Answer(
                    response.status, raw.decode("utf-8", "replace"), dict(response.headers), raw
                )
        except urllib.error.HTTPError as error:
            raw = error.read()
            answer = Answer(error.code, raw.decode("utf-8", "replace"), dict(error.headers), raw)
        if follow and answer.status in {301, 302, 303} and answer.location:
            return self.request("GET", answer.location)
        return answer

    def get(self, path: str, follow: bool = True) -> Answer:
        return self.request("GET", path, follow=follow)

    def post(self, path: str, data: dict[str, str], follow: bool = True) -> Answer:
        return self.request("POST", path, data, follow=follow)

    def captcha_answer(self) -> str:
        """Show the captcha image (as the login page does) and ask the back channel."""
        self.get("/cas/plat_cas_verifycode_gen?r=1")
        answer: str = self.get("/__replica/captcha").json()["answer"]
        return answer

    def login(self, username: str, password: str, captcha: str | None = None) -> Answer:
        self.get("/cas/login")
        code = captcha if captcha is not None else self.captcha_answer()
        return self.post(
            "/cas/login",
            {"swy": username, "swm": md5_hex(password), "verifyCode": code, "service": "/cifer/"},
        )
