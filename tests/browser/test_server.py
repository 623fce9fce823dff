"""The browser a `--parallel` run serves lives exactly as long as the run: it ends with
the run, and with a run killed outright (SIGKILL), leaving no process behind."""

from __future__ import annotations

import signal
import subprocess
import sys

import psutil
import pytest

# The run: serve the browser, say where, and hold it until standard input ends.
RUN = """
import sys
from cifer_bot.browser.server import browser_server
with browser_server(headless=True) as endpoint:
    print(endpoint, flush=True)
    sys.stdin.read()
"""


def _serve() -> tuple[subprocess.Popen[str], list[psutil.Process]]:
    run = subprocess.Popen(
        [sys.executable, "-c", RUN], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert run.stdout is not None
    endpoint = run.stdout.readline()
    assert endpoint.startswith("ws://127.0.0.1:"), endpoint
    served = psutil.Process(run.pid).children(recursive=True)
    assert any("chrom" in p.name().lower() for p in served), [p.name() for p in served]
    return run, served


@pytest.mark.parametrize("ending", ["ends", "is killed"])
def test_the_served_browser_goes_when_the_run(ending: str) -> None:
    run, served = _serve()
    assert run.stdin is not None
    if ending == "ends":
        run.stdin.close()
        assert run.wait(timeout=60) == 0
    else:
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        run.stdin.close()
    _, alive = psutil.wait_procs(served, timeout=60)
    assert alive == []
