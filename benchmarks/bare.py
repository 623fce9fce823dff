"""A bare Playwright script: what cifer-bot does for an application, by hand.

    python benchmarks/bare.py FACILITIES.yaml [--out DIR]

The yardstick of `benchmarks/run.py`, which runs it alternated with
`cifer-bot fill --dry-run` on the same facility file. It does only the actions the
application needs, with selectors written for the replica's markup: it serves the
offline replica itself (as `--dry-run` does) with the facility's account, launches the
same Chromium with the same flags, signs in once through the replica's captcha back
channel, and then for each food category of the first facility walks from the landing
page (新版门户, the CIFER menu, the system, 注册申请, the sub-item) to the form, fills
the same fields (dates through the page's date picker, the country from its select),
uploads the identity document through the file chooser, reads each field back once,
presses 暂存, waits for 暂存成功 and takes one full-page screenshot with the form's
frame stretched to its height (the picture cifer-bot's review stop takes).

It prints one line of JSON: seconds per form, from opening the landing page to the
screenshot written, and the seconds from the start of the script to the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from playwright.sync_api import Frame, Page, expect, sync_playwright

from cifer_bot.browser import find_browser, launch_options
from cifer_bot.replica import Replica

BEGIN = time.perf_counter()

PASSWORD = "Bench!mark2021"
COUNTRY = "AUS"  # the facility's country, Australia, as the form's select names it
TEXT_FIELDS = {
    "approval_no": "#regNo",
    "approval_authority": "#regOrgName",
    "cn_registration_no": "#cnRegNo",
    "enterprise_name": "#entName",
    "production_address": "#prodAddr",
    "legal_rep_name": "#legalName",
    "legal_rep_tel": "#legalTel",
    "legal_rep_email": "#legalEmail",
    "contact_name": "#linkName",
    "contact_tel": "#linkTel",
    "contact_email": "#linkEmail",
    "expansion_project": "#rebuildItem",
    "expansion_facilities": "#rebuildFacility",
    "remarks": "#remark",
}
DATE_FIELDS = {
    "cn_registration_date": "#cnRegDate",
    "cn_registration_expiry": "#cnRegValidDate",
    "founded_date": "#buildDate",
    "expansion_date": "#rebuildDate",
}


def categories(facility: dict[str, Any]) -> list[str]:
    value = facility["category"]
    names = value if isinstance(value, list) else str(value).split(";")
    return [str(name).strip() for name in names if str(name).strip()]


def sign_in(page: Page, url: str, username: str) -> None:
    page.fill("#swy", username)
    page.fill("#swm2", PASSWORD)
    image = page.locator("#captchaImg")
    image.evaluate(
        "(img) => img.complete && img.naturalWidth > 0 ? true : new Promise((resolve) =>"
        " img.addEventListener('load', () => resolve(true), { once: true }))"
    )
    answer = page.request.get(url + "__replica/captcha").json()["answer"]
    page.fill("#verifyCode", answer)
    page.click("#sub3")


def pick_date(frame: Frame, selector: str, day: date) -> None:
    frame.click(selector)
    frame.select_option(".WdateDiv select.YMenu", str(day.year))
    frame.select_option(".WdateDiv select.MMenu", str(day.month))
    frame.click(f'.WdateDiv td[data-date="{day.isoformat()}"]')


def fill_form(page: Page, frame: Frame, facility: dict[str, Any], document: Path) -> None:
    frame.select_option("#countryCode", COUNTRY)
    for name, selector in TEXT_FIELDS.items():
        if facility.get(name):
            frame.fill(selector, str(facility[name]))
    for name, selector in DATE_FIELDS.items():
        value = facility.get(name)
        if value:
            pick_date(
                frame, selector, value if isinstance(value, date) else date.fromisoformat(value)
            )
    with page.expect_file_chooser() as chooser:
        frame.click("#idFileBtn")
    with page.expect_response(lambda response: response.request.method == "POST"):
        chooser.value.set_files(document)
    expect(frame.locator("#idFileName")).to_have_text(document.name)
    # Each field read back once, as the review table reads it.
    read = {name: frame.input_value(selector) for name, selector in TEXT_FIELDS.items()}
    read |= {name: frame.input_value(selector) for name, selector in DATE_FIELDS.items()}
    read["country"] = frame.input_value("#countryCode")
    if read["enterprise_name"] != str(facility["enterprise_name"]):
        raise SystemExit(f"the form reads back {read['enterprise_name']!r}")


def screenshot(page: Page, path: Path) -> None:
    """The whole form: its frame stretched to its document's height, then the page."""
    frame_element = page.locator("#mainFrame")
    height = frame_element.evaluate(
        "(el) => { const h = el.contentDocument.documentElement.scrollHeight;"
        " el.style.height = h + 'px'; return h; }"
    )
    box = frame_element.bounding_box()
    size = page.viewport_size
    if box is not None and size is not None:
        page.set_viewport_size(
            {"width": size["width"], "height": max(size["height"], int(box["y"] + height + 40))}
        )
    path.write_bytes(page.screenshot(full_page=True))
    if size is not None:
        page.set_viewport_size(size)


def one_form(
    page: Page, url: str, facility: dict[str, Any], item: str, document: Path, out: Path
) -> None:
    page.goto(url)
    page.click("a.new-portal-tab")
    page.hover("#menuCifer > a.tab-cifer")
    page.click(".sub-box-cifer a")
    if page.locator("#swy").count() or "/cas/login" in page.url:
        sign_in(page, url, str(facility["username"]))
    page.click("a.grey-tab")
    frame_locator = page.frame_locator("#mainFrame")
    frame_locator.locator(f'a[href="/cifer/apply?item={quote(item)}"]').click()
    expect(frame_locator.locator("#entName")).to_be_visible()
    frame = page.frame(name="mainFrame")
    assert frame is not None
    fill_form(page, frame, facility, document)
    frame.click('button[value="draft"]')
    expect(frame_locator.locator("#formMessage")).to_contain_text("暂存成功")
    screenshot(page, out / f"{quote(item, safe='')}.png")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="cifer-bot's yardstick: the bare script")
    parser.add_argument("facilities", type=Path)
    parser.add_argument("--out", type=Path, default=Path("bare-out"))
    args = parser.parse_args(argv)
    data = yaml.safe_load(args.facilities.read_text(encoding="utf-8"))
    facility = (data["facilities"] if isinstance(data, dict) else data)[0]
    document = (args.facilities.parent / str(facility["identity_document"])).resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    forms: list[float] = []
    with sync_playwright() as playwright, Replica() as replica:
        replica.add_account(str(facility["username"]), PASSWORD)
        choice = find_browser(playwright.chromium.executable_path)
        browser = playwright.chromium.launch(headless=True, **launch_options(choice))
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
        page = context.new_page()
        for item in categories(facility):
            begin = time.perf_counter()
            one_form(page, replica.url, facility, item, document, args.out)
            forms.append(time.perf_counter() - begin)
        context.close()
        browser.close()
    print(json.dumps({"forms": forms, "whole": time.perf_counter() - BEGIN}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
