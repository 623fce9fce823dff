"""The application form of a generated portal: its fields in one page, tabs or wizard
panes, each placed beside its label as the portal's choices say, and its buttons."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from cifer_bot.replica.generated.base import Field, form_fields
from cifer_bot.replica.generated.widgets import control as control_of
from cifer_bot.replica.generated.widgets import upload

if TYPE_CHECKING:
    from cifer_bot.replica.generated.write import Writer

_e = html.escape

# The form's fields in the three parts a tabbed or wizard form shows them in.
PARTS = (
    (
        "企业信息",
        (
            "countryCode",
            "regNo",
            "regOrgName",
            "cnRegNo",
            "cnRegDate",
            "cnRegValidDate",
            "entName",
            "prodAddr",
            "buildDate",
        ),
    ),
    ("联系人信息", ("legalName", "legalTel", "legalEmail", "linkName", "linkTel", "linkEmail")),
    ("改扩建及附件", ("rebuildDate", "rebuildItem", "rebuildFacility", "remark", "idFile")),
)


def application_form(self: Writer) -> str:
    """The application form's fields, laid out as the `layout` choice says, and its buttons."""
    fields = {field.name: field for field in form_fields(self.version)}
    layout = self.c["layout"]
    parts = [
        (caption, self.rows([form_field(self, fields[name]) for name in names]))
        for caption, names in PARTS
    ]
    actions = self.button("暂存", 'data-action="draft"') + self.button(
        "提交", 'data-action="submit"'
    )
    if layout == "one-page":
        inner = "".join(f"<fieldset><legend>{_e(c)}</legend>{p}</fieldset>" for c, p in parts)
        buttons = f'<div class="buttons">{actions}</div>'
    elif layout == "tabs":
        tabs = "".join(
            f'<span role="tab" data-index="{i}" aria-selected="false">{_e(c)}</span>'
            for i, (c, _) in enumerate(parts)
        )
        inner = f'<div role="tablist">{tabs}</div>' + "".join(
            f'<div data-pane role="tabpanel">{p}</div>' for _, p in parts
        )
        buttons = f'<div class="buttons">{actions}</div>'
    else:
        inner = "".join(f"<div data-pane><h4>{_e(c)}</h4>{p}</div>" for c, p in parts)
        buttons = (
            '<div class="buttons">'
            f'<span data-wizard="back">{self.button("上一步")}</span>'
            f'<span data-wizard="next">{self.button("下一步")}</span>'
            f"<span data-wizard-last>{actions}</span></div>"
        )
    stateful = ' data-at="0"' if layout != "one-page" else ""
    multipart = (
        ' enctype="multipart/form-data"' if self.c["upload"] in ("rides", "hidden-input") else ""
    )
    form = (
        '<div class="alert">{{error}}</div><div class="alert ok">{{message}}</div>'
        '<p class="section">企业基本信息</p>'
        f'<form id="applyForm" method="post" action="/cifer/apply"{multipart}{stateful} novalidate>'
        '<input type="hidden" name="item" value="{{item}}">'
        '<input type="hidden" name="action" value="">'
        f"{inner}{buttons}</form>"
        '<script type="application/json" id="draftData">{{draft_json|raw}}</script>'
        '<script type="application/json" id="postedData">{{posted_json|raw}}</script>'
        '<script src="/static/refill.js"></script><script src="/static/gen-refill.js"></script>'
    )
    return form


def form_field(self: Writer, field: Field) -> str:
    """One field of the form: its control, placed beside its label."""
    ident = f"f-{field.name}"
    required = " data-required" if field.required else ""
    control = control_of(self.c, field, ident, required)
    if field.kind == "file":
        control = upload(self, ident, required)
    return self.field(field.label, control, ident, required=field.required)
