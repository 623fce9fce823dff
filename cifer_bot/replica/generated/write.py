"""Write a generated portal as a page set of the replica: its landing, portal, login,
system home, category and form pages, each written the way its choices say, served by
the replica like any page set of the drift zoo (what it lacks, the base version has).

Every page is built from small pieces, one per choice: `_title` (how a title is
written), `_field` (where a label stands), `_button` (how a caption is written), and the
widgets of the form. The behaviours are in `fixtures/html/generated/static/gen.js`.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Mapping
from pathlib import Path

from cifer_bot.replica.generated.base import categories
from cifer_bot.replica.generated.form import application_form
from cifer_bot.replica.generated.widgets import category_widget, with_attribute
from cifer_bot.resources import fixtures_dir

SHARED_TITLE = "进口食品境外生产企业注册 - 中国国际贸易单一窗口"
CIFER_LINK = "进口食品境外生产企业注册管理系统"
MY97 = "My97DatePicker"
LOGIN_ADDRESS = "/cas/login?service=%2Fcifer%2F"
_e = html.escape


class Writer:
    """The pages of one generated portal (`choices`: one value of each choice)."""

    def __init__(self, choices: Mapping[str, str], version: str) -> None:
        self.c = dict(choices)
        self.version = version
        self.app = self.c["navigation"] in ("history", "hash")

    # -- pieces ------------------------------------------------------------------------
    def document(self, title: str, body: str, *, attrs: str = "", head: str = "") -> str:
        shown = SHARED_TITLE if self.c["titles"] == "shared" else title
        return (
            '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{_e(shown)}</title>\n"
            '<link rel="stylesheet" href="/static/gen.css">\n'
            f"{head}</head>\n<body{attrs}>\n{body}\n"
            '<div class="toast" id="toast" role="status"></div>\n'
            f"{self.date_script()}"
            '<script src="/static/datepicker.js"></script>\n'
            '<script src="/static/gen.js"></script>\n</body>\n</html>\n'
        )

    def date_script(self) -> str:
        """The frame picker's script, on a portal whose dates use it."""
        if self.c["date"] != "frame-picker":
            return ""
        return f'<script src="/static/{MY97}/WdatePicker.js"></script>\n'

    def title(self, text: str, inner: str, *, ident: str) -> str:
        """A box titled `text`, the title written as the `title` choice says."""
        kind = self.c["title"]
        if kind == "heading":
            return f'<section class="box"><h2>{_e(text)}</h2>{inner}</section>'
        if kind == "div":
            return f'<div class="box"><div class="box-top">{_e(text)}</div>{inner}</div>'
        if kind == "dialog":
            # a box of its own (the login) is a dialog; a page's panel is a region
            role = "dialog" if ident == "login" else "region"
            return (
                f'<div class="box" role="{role}" aria-labelledby="{ident}-t">'
                f'<div class="box-top" id="{ident}-t">{_e(text)}</div>{inner}</div>'
            )
        return (
            f'<div class="card"><div class="card-header">{_e(text)}</div>'
            f'<div class="card-body">{inner}</div></div>'
        )

    def button(self, caption: str, attrs: str = "", *, kind: str = "button") -> str:
        """A button, its caption written as the `captions` choice says."""
        style = self.c["captions"]
        if style == "input":
            return f'<input type="{kind}" value="{_e(caption)}" {attrs}>'
        if style == "spaced" and len(caption) == 2 and not caption.isascii():
            text = f"{caption[0]} {caption[1]}"
        elif style == "icon":
            text = f'<i class="icon" aria-hidden="true"></i><span>{_e(caption)}</span>'
        else:
            text = _e(caption)
        return f'<button type="{kind}" {attrs}>{text}</button>'

    def field(self, label: str, control: str, ident: str, *, required: bool = False) -> str:
        """A label and its control, as the `labels` choice places them (a row of a table
        for table2; a cell pair for table4, which `rows` puts two to a row)."""
        star = '<span class="req">*</span>' if required else ""
        bare = label.rstrip(":：").strip()
        where = self.c["labels"]
        if where == "placeholder":
            return f'<div class="row">{with_attribute(control, "placeholder", bare)}</div>'
        if where == "aria":
            return f'<div class="row">{with_attribute(control, "aria-label", bare)}</div>'
        if where == "before":
            return f'<div class="row"><label for="{ident}">{star}{_e(label)}</label>{control}</div>'
        if where == "after":
            return f'<div class="row">{control}<span class="after">{star}{_e(bare)}</span></div>'
        if where == "above":
            caption = f'<div class="lbl">{star}{_e(label)}</div>'
            return f'<div class="row stack">{caption}<div>{control}</div></div>'
        return f'<td class="lbl">{star}{_e(label)}</td><td class="val">{control}</td>'

    def rows(self, fields: list[str]) -> str:
        """Fields (from `field`) laid out: cells in rows of two or four, else as they are."""
        where = self.c["labels"]
        if where == "table2":
            return '<table class="grid">' + "".join(f"<tr>{f}</tr>" for f in fields) + "</table>"
        if where == "table4":
            pairs = [fields[i : i + 2] for i in range(0, len(fields), 2)]
            return (
                '<table class="grid">'
                + "".join(f"<tr>{''.join(p)}</tr>" for p in pairs)
                + "</table>"
            )
        return "".join(fields)

    # -- the front: landing and new portal --------------------------------------------
    def landing_view(self) -> str:
        href = "/new/"
        return (
            '<header class="top"><span class="brand">中国国际贸易单一窗口</span>'
            f'<a class="orange" href="{href}" data-route>新版门户</a></header>'
            '<main class="content"><p>关于国际贸易“单一窗口”标准版系统升级的公告</p>'
            "<p>口岸工作部联席会议成员：海关总署　商务部　国家移民管理局</p></main>"
        )

    def portal_view(self) -> str:
        menu = self.c["menu"]
        link = f'<a href="{LOGIN_ADDRESS}">{CIFER_LINK}</a>'
        if menu == "click":
            entry = (
                '<div class="menu" data-menu="click">'
                '<button type="button" class="trigger" aria-expanded="false">'
                "境外企业 CIFER</button>"
                f'<div class="sub"></div><template>{link}</template></div>'
            )
        else:
            entry = (
                f'<div class="menu" data-menu="{menu}"><span class="tab">境外企业</span>'
                f'<div class="sub">{link}</div></div>'
            )
        return (
            '<header class="top"><span class="brand">中国国际贸易单一窗口 · 新版门户</span>'
            f'<nav class="nav"><a href="/new/" data-route>首页</a>{entry}</nav></header>'
            '<main class="content"><p>China International Trade Single Window</p></main>'
        )

    def front(self, view: str) -> str:
        """The landing or the portal page: a page of its own, or the front's app."""
        title = "中国国际贸易单一窗口" if view == "landing" else "中国国际贸易单一窗口 新版门户"
        if not self.app:
            body = self.landing_view() if view == "landing" else self.portal_view()
            return self.document(title, body)
        if self.c["navigation"] == "hash" and view == "portal":
            return self.document(title, "", head='<script>location.replace("/#/new/");</script>\n')
        body = (
            '<div id="view"></div>'
            f'<template data-route="/">{self.landing_view()}</template>'
            f'<template data-route="/new/">{self.portal_view()}</template>'
        )
        return self.document(
            title, body, attrs=f' data-app="/" data-routes="{self.c["navigation"]}"'
        )

    # -- the login ---------------------------------------------------------------------
    def login(self) -> str:
        fields = [
            self.field(
                "Username", '<input type="text" id="swy" name="swy" value="{{username}}">', "swy"
            ),
            self.field("Password", '<input type="password" id="swm2">', "swm2"),
            self.field(
                "Enter Code Shown in Image",
                '<input type="text" id="verifyCode" name="verifyCode" autocomplete="off">',
                "verifyCode",
            ),
        ]
        hidden = "".join(
            f'<input type="hidden" name="{name}" value="{value}">'
            for name, value in (
                ("lt", "{{lt}}"),
                ("execution", "{{execution}}"),
                ("swLoginFlag", "swUp"),
                ("lpid", "P1"),
                ("_eventId", "submit"),
                ("service", "{{service}}"),
            )
        )
        sign_in = self.button("Sign in", 'id="sub3"', kind="submit")
        form = (
            '<form id="fm1" method="post" action="/cas/login" autocomplete="off">'
            '<div class="error">{{error}}</div><div class="message">{{message}}</div>'
            f"{self.rows(fields)}"
            '<img id="captchaImg" src="{{captcha_src}}" width="107" height="44" alt="">'
            '<input type="hidden" id="swm" name="swm" value="">'
            f"{hidden}"
            f'<div class="buttons">{sign_in}'
            '<a href="/cas/register">Create an account</a></div></form>'
        )
        body = (
            '<header class="top"><span class="brand">中国国际贸易单一窗口</span></header>'
            f'<main class="content">{self.title("LOGIN OR REGISTER", form, ident="login")}</main>'
            '<script src="/static/md5.js"></script><script src="/static/login.js"></script>'
        )
        return self.document("统一认证登录", body)

    # -- the system: home, categories, form --------------------------------------------
    def home(self) -> str:
        nav = self.c["navigation"]
        prefix = {"pages": "", "iframes": "/static/gen-frame.html#", "history": "", "hash": ""}[nav]
        target = ' target="mainFrame"' if nav == "iframes" else ""
        links = "".join(
            f'<a href="{prefix}{href}"{target} data-route>{text}</a>'
            for href, text in (("/cifer/categories", "注册申请"), ("/cifer/query", "综合查询"))
        )
        notice = '<div class="notice"><p>欢迎使用进口食品境外生产企业注册管理系统。</p></div>'
        if nav == "iframes":
            main = (
                '<iframe name="mainFrame" id="mainFrame" '
                f'src="/static/gen-frame.html#/cifer/notice" title="{SHARED_TITLE}"></iframe>'
            )
        elif self.app:
            main = f'<main id="view"></main><template id="first">{notice}</template>'
        else:
            main = f"<main>{notice}</main>"
        body = (
            '<header class="top"><span class="brand">中国国际贸易单一窗口</span>'
            '<span>欢迎您，<b>{{account}}</b> <a href="/cas/logout">退出</a></span></header>'
            f'<div class="layout"><aside class="side">{links}</aside>{main}</div>'
        )
        attrs = f' data-app="/cifer/" data-routes="{nav}"' if self.app else ""
        return self.document(SHARED_TITLE, body, attrs=attrs)

    def content(self, title: str, inner: str) -> str:
        """A page of the system's main area: its view, titled."""
        return self.document(
            title, f'<main id="view">{self.title(title, inner, ident="page")}</main>'
        )

    def categories(self) -> str:
        found = categories(self.version)
        return self.content("注册申请", category_widget(self, found))

    def form(self) -> str:
        return self.content("{{item}}", application_form(self))

    def pages(self) -> dict[str, str]:
        return {
            "landing.html": self.front("landing"),
            "portal.html": self.front("portal"),
            "login.html": self.login(),
            "home.html": self.home(),
            "categories.html": self.categories(),
            "form.html": self.form(),
        }


def write_page_set(choices: Mapping[str, str], folder: Path, version: str) -> Path:
    """Write the portal's pages and static files into `folder`; the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in Writer(choices, version).pages().items():
        (folder / name).write_text(text, encoding="utf-8")
    static = folder / "static"
    shutil.copytree(fixtures_dir() / "generated" / "static", static, dirs_exist_ok=True)
    if choices["date"] == "frame-picker":
        # the zoo's imitation of My97DatePicker, with its calendar page and skin
        zoo = fixtures_dir() / f"{version}-my97" / "static" / MY97
        shutil.copytree(zoo, static / MY97, dirs_exist_ok=True)
    return folder
