"""Fault modes of the replica, for tests: `--fault MODE` on the command line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cifer_bot.errors import InputError

# The steps a `http500:STEP` fault can name, and the requests that belong to each.
STEPS = {
    "landing": ("GET", "/"),
    "portal": ("GET", "/new/"),
    "login": ("*", "/cas/login"),
    "register": ("*", "/cas/register"),
    "home": ("GET", "/cifer/"),
    "notice": ("GET", "/cifer/notice"),
    "categories": ("GET", "/cifer/categories"),
    "form": ("GET", "/cifer/apply"),
    "apply": ("POST", "/cifer/apply"),
    "upload": ("POST", "/cifer/upload"),
    "query": ("GET", "/cifer/query"),
}

HELP = (
    "slow[:SECONDS[:STEP]] (every page, or a step's, takes that long, default 4), "
    "http500:STEP[:TIMES] (HTTP 500 on a step, every time or the first TIMES times; "
    f"steps: {', '.join(STEPS)}), "
    "expire-session (the session expires once the application form has been shown), "
    "captcha-wrong-once (the first captcha is judged wrong whatever was typed), "
    "hold:STEP (the answer to a POST of apply, register or upload waits, once its "
    "effect is recorded, until POST /__replica/release: a page that never answers), "
    "drift[:NAME] (a page set with other markup and widgets and the same labels: "
    "fixtures/html/<version>-NAME; drift alone is the set named drift), "
    "generated:NAME (a generated portal: a name of fixtures/html/generated/portals.yaml, "
    "or choice=value,...)"
)


@dataclass(frozen=True)
class Fault:
    kind: str
    step: str | None = None
    seconds: float = 0.0
    times: int | None = None  # None: every time
    variant: str | None = None  # drift: the page set's name; generated: the portal's


def parse_fault(text: str) -> Fault:
    """Parse one `--fault` value; a bad one is an error that lists the good ones."""
    kind, _, rest = text.strip().partition(":")
    try:
        if kind == "slow":
            seconds, _, step = rest.partition(":")
            if not step or step in STEPS:
                return Fault("slow", step=step or None, seconds=float(seconds or 4.0))
        if kind == "http500":
            step, _, times = rest.partition(":")
            if step in STEPS:
                return Fault("http500", step=step, times=int(times) if times else None)
        if kind == "hold" and rest in {"apply", "register", "upload"}:
            return Fault("hold", step=rest)
        if kind == "drift" and (not rest or re.fullmatch(r"[a-z0-9][a-z0-9-]*", rest)):
            return Fault(kind, variant=rest or "drift")
        if kind == "generated" and re.fullmatch(r"[a-z0-9=,-]+", rest):
            return Fault(kind, variant=rest)
        if kind in {"expire-session", "captcha-wrong-once"} and not rest:
            return Fault(kind)
    except ValueError:
        pass
    raise InputError(f"unknown fault {text!r}; the fault modes are: {HELP}")


def step_of(method: str, path: str) -> str | None:
    for name, (step_method, step_path) in STEPS.items():
        if path == step_path and step_method in {"*", method}:
            return name
    return None
