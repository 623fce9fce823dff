"""Step 3: log in, through the captcha pause.

The tool types the username and the password (the page's own script hashes it); a
person, or in a dry run the replica, reads the captcha. A wrong captcha is tried again
with a fresh image, at most three times. The login may sit in an iframe, and signing in
may replace the whole window: the step waits for what the next page shows.
"""

from __future__ import annotations

from functools import partial

from playwright.sync_api import Frame
from pydantic import SecretStr

from cifer_bot.credentials import old_password_variable, password_variable
from cifer_bot.portal.where import Place
from cifer_bot.steps import widgets
from cifer_bot.steps.captcha import MAX_ATTEMPTS, CaptchaError, CaptchaScene, Solver
from cifer_bot.steps.faults import LoginRefused, PageTimeout
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.private import private

STEP = "step 3 (log in)"


def log_in(
    flow: Flow, *, username: str, password: SecretStr, solver: Solver, old: bool = False
) -> None:
    """Log in on the portal's login page (guide step 3), up to the next page; `old`: with
    the account's old password, for the portal's forced password change."""
    kept_as = old_password_variable(username) if old else password_variable(username)
    flow.narrator.step(
        flow.selectors.caption("login"),
        f"Signing in as {username}" + (" with its old password, to change it." if old else "."),
    )
    spec = flow.spec("login")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        frame = flow.wait_for("login", step=STEP)
        widgets.fill(flow, "login", spec.entry("username"), frame, username, STEP)
        # The password and the captcha answer are on this page until it is gone.
        with private(flow.recording):
            widgets.fill(flow, "login", spec.entry("password"), frame, password, STEP)
            image = flow.find("login", "captcha_image", scope=frame).locator
            field = flow.find("login", "captcha", scope=frame).locator
            sign_in = flow.find("login", "sign_in", scope=frame)
            mark = flow.mark_document(frame)
            scene = CaptchaScene(
                page=flow.page,
                image=image,
                field=field,
                sign_in=sign_in.locator,
                portal_url=flow.portal_url,
                artifacts=flow.artifacts,
                label=username,
                attempt=attempt,
                wait_signed_in=partial(_wait_signed_in, flow, frame, mark),
                clicker=flow.clicker,
            )
            if solver.person_signs_in:
                captcha = flow.selectors.guide.captcha
                flow.narrator.act(field, spec.entry("captcha"), "wait", value=captcha)
            code = solver.answer(scene)
            if code is not None:
                flow.narrator.act(field, spec.entry("captcha"), "type", value=code, secret=True)
                field.fill(code)
                flow.narrator.act(sign_in.locator, spec.entry("sign_in"), "click")
                flow.clicker.click(sign_in.control, what="Sign in")
            outcome = _outcome(flow, flow.wait_after(frame, mark, "login"))
        if outcome == "signed in":
            flow.narrator.note(f"signed in as {username}")
            return
        if outcome == "bad_credentials":
            said = spec.messages.get("bad_credentials", "")
            raise LoginRefused(
                f"{STEP}: the portal refused the username or "
                + ("old password" if old else "password")
                + f" of {username} ({said}: the username or password is wrong). Check the "
                f"password stored for it ({kept_as} in the environment or .env). "
                f"{flow.save_evidence(STEP)}",
                reason=f"{said}: the username or password is wrong",
            )
        flow.narrator.note(f"the captcha was not accepted (try {attempt} of {MAX_ATTEMPTS})")
    raise CaptchaError(
        f"{STEP}: the captcha was judged wrong {MAX_ATTEMPTS} times for {username}. "
        f"{flow.save_evidence(STEP)}"
    )


def _wait_signed_in(flow: Flow, frame: Frame, mark: str, timeout_ms: float) -> None:
    """For a person who types the captcha and presses Sign in: wait until they have."""
    seconds = timeout_ms / 1000
    if flow.settle(lambda: flow.has_new_document(frame, mark) or None, seconds=seconds) is None:
        raise PageTimeout(f"nobody signed in within {seconds:g} s")


def _outcome(flow: Flow, here: Place | None) -> str:
    """After signing in: 'signed in', 'bad_credentials', 'bad_captcha' or 'unknown'."""
    if here is None:
        flow.fault(STEP, expected=("login",))
        return "unknown"
    order = [page.name for page in flow.selectors.pages]
    if order.index(here.page) > order.index("login"):
        return "signed in"  # a page behind the login: the home, or a password change
    messages = flow.spec("login").messages
    for meaning in ("bad_credentials", "bad_captcha"):
        text = messages.get(meaning)
        if here.page == "login" and text and flow.says(here.frame, text):
            return meaning
    return "unknown"
