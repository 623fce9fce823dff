"""The widgets of a generated portal's pages, one family per value of a choice: the
form's controls (the date and select families), the upload families and the category
widgets. Their behaviours are in `fixtures/html/generated/static/gen.js`."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING

from cifer_bot.replica.generated.base import Category, Field

if TYPE_CHECKING:
    from cifer_bot.replica.generated.write import Writer

_e = html.escape
APPLY = "/cifer/apply?item="


def with_attribute(control: str, attribute: str, value: str) -> str:
    """The control's first element with one more attribute."""
    at = control.index(">") if not control.startswith("<div") else control.index("<", 1)
    head, tail = control[:at], control[at:]
    if control.startswith("<div"):
        tag_end = tail.index(">")
        return head + tail[:tag_end] + f' {attribute}="{_e(value)}"' + tail[tag_end:]
    return head + f' {attribute}="{_e(value)}"' + tail


def control(choices: Mapping[str, str], field: Field, ident: str, required: str) -> str:
    named = f'id="{ident}" name="{field.name}"{required}'
    if field.kind == "textarea":
        return f'<textarea {named} rows="3"></textarea>'
    if field.kind == "select":
        family = choices["select"]
        if family == "native":
            return f"<select {named}>{field.options}</select>"
        trigger = (
            '<input type="text" class="select-shown" readonly role="combobox" '
            f'aria-expanded="false" id="{ident}">'
            if family == "combobox"
            else f'<input type="text" class="select-shown" readonly id="{ident}">'
        )
        role = ' role="listbox"' if family == "combobox" else ""
        return (
            f'<div class="select" data-select="{family}">{trigger}'
            f'<select name="{field.name}"{required} hidden tabindex="-1">{field.options}</select>'
            f'<ul class="select-list"{role} hidden></ul></div>'
        )
    if field.kind == "date":
        family = choices["date"]
        if family == "native":
            return f'<input type="date" {named}>'
        if family == "typed":
            return f'<input type="text" {named}><span class="hint">yyyy-MM-dd</span>'
        if family == "frame-picker":
            # the zoo's imitation of My97DatePicker: its calendar in a frame of its own
            opens = "WdatePicker({el: this, dateFmt: 'yyyy-MM-dd', readOnly: true})"
            return f'<input type="text" class="date97" readonly {named} onclick="{opens}">'
        return f'<input type="text" class="Wdate" readonly {named}>'
    return f'<input type="text" {named}>'


def upload(writer: Writer, ident: str, required: str) -> str:
    family = writer.c["upload"]
    shown = '<span class="upload-name"></span><input type="hidden" name="idFileId" value="">'
    if family == "rides":
        field = f'<input type="file" id="{ident}" name="idFile"{required}>'
        return f'<div data-upload="rides">{field}{shown}</div>'
    if family == "hidden-input":
        button = writer.button("附件上传", 'class="upload-button"')
        return (
            f'<div data-upload="hidden-input">{button}'
            f'<input type="file" id="{ident}" name="idFile" hidden>{shown}</div>'
        )
    if family == "drop-zone":
        return (
            f'<div data-upload="drop-zone"><div class="drop-zone" tabindex="0">将文件拖到此处，或'
            f'<em>附件上传</em></div><input type="file" id="{ident}" hidden>{shown}</div>'
        )
    button = writer.button("附件上传", 'class="upload-button"')
    return (
        f'<div data-upload="immediate">{button}<input type="file" id="{ident}" hidden>{shown}</div>'
    )


def category_widget(writer: Writer, found: tuple[Category, ...]) -> str:
    kind = writer.c["category"]
    href = APPLY
    if kind == "links":
        return "".join(
            f'<div class="cat" data-group="{c.group}"><h4>{_e(c.name)}</h4><ul>'
            + "".join(f'<li><a href="{href}{_e(i)}" data-route>{_e(i)}</a></li>' for i in c.items)
            + "</ul></div>"
            for c in found
        )
    next_button = writer.button("下一步", "data-next-category")
    if kind == "radios":
        groups = "".join(
            f'<fieldset data-group="{c.group}"><legend>{_e(c.name)}</legend>'
            + "".join(
                f'<label><input type="radio" name="item" value="{_e(i)}">{_e(i)}</label>'
                for i in c.items
            )
            + "</fieldset>"
            for c in found
        )
        return f'<div data-category="radios">{groups}{next_button}</div>'
    if kind == "select":
        groups = "".join(
            f'<optgroup label="{_e(c.name)}">'
            + "".join(f'<option value="{_e(i)}">{_e(i)}</option>' for i in c.items)
            + "</optgroup>"
            for c in found
        )
        return (
            '<div data-category="select"><label>产品类别 '
            f'<select><option value="">请选择</option>{groups}</select></label>{next_button}</div>'
        )
    if kind == "tree":
        nodes = "".join(
            f'<li role="treeitem" aria-expanded="false" data-group="{c.group}">'
            f"<span>{_e(c.name)}</span>"
            '<ul role="group" hidden>'
            + "".join(f'<li role="treeitem" data-item="{_e(i)}">{_e(i)}</li>' for i in c.items)
            + "</ul></li>"
            for c in found
        )
        return f'<div data-category="tree"><ul role="tree">{nodes}</ul></div>'
    parents = "".join(f'<li data-parent="{n}">{_e(c.name)}</li>' for n, c in enumerate(found))
    children = "".join(
        f'<template data-of="{n}">'
        + "".join(
            f'<li data-item="{_e(i)}" data-path="{_e(c.name)} / {_e(i)}">{_e(i)}</li>'
            for i in c.items
        )
        + "</template>"
        for n, c in enumerate(found)
    )
    return (
        '<div data-category="cascader"><input type="text" class="cascader-input" readonly '
        'placeholder="请选择产品类别">'
        f'<div class="cascader-panel" hidden><ul class="cascader-parents">{parents}</ul>'
        f'<ul class="cascader-items" hidden></ul></div>{children}{next_button}</div>'
    )
