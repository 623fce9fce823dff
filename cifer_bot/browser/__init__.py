"""The browser: `launch` finds, starts and configures Chromium and opens its contexts
(the one place that does); `setup` installs one (`cifer-bot browser --install`)."""

from cifer_bot.browser.launch import (
    BASE_ARGS,
    ENV_VAR,
    INSTALL_HINT,
    BrowserChoice,
    find_browser,
    launch_args,
    launch_options,
    new_context,
    open_browser,
)

__all__ = [
    "BASE_ARGS",
    "ENV_VAR",
    "INSTALL_HINT",
    "BrowserChoice",
    "find_browser",
    "launch_args",
    "launch_options",
    "new_context",
    "open_browser",
]
