"""Prompt templates as editable files: the shipped library plus a client's own folder.

One prompt per ``<name>.md`` file: TOML front matter between ``+++`` lines, then the prompt
text with ``${placeholder}`` slots::

    +++
    title = "Dunning email for an overdue invoice"
    description = "Drafts a reminder for one unpaid invoice"

    [[arguments]]
    name = "invoice"
    description = "Invoice number or id, e.g. INV/2026/00003"
    model = "account.move"          # resolved to a record; completion lists matching names
    required = true

    [[data]]
    placeholder = "invoice_document"
    source = "document"             # see prompts.sources.SOURCES
    argument = "invoice"
    +++
    Write a polite reminder ... ${invoice_document}

Every argument ``x`` also gives ``${x}`` (the record's name, or the text given) and, with a
model, ``${x_uri}``; ``${today}`` is the current date. A file in the client's folder replaces
a shipped prompt of the same name. Files are checked when loaded: an unknown placeholder or
source is a `PromptFileError` naming the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from mcp_odoo.prompts.sources import SOURCES

FRONT_MATTER = "+++"
SHIPPED = "templates"


class PromptFileError(Exception):
    """A prompt file that cannot be used: the message names the file and the problem."""


class PromptArgumentSpec(BaseModel):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str
    model: str | None = None
    required: bool = True


class DataSpec(BaseModel):
    placeholder: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    source: str
    argument: str | None = None


class FrontMatter(BaseModel):
    title: str
    description: str
    arguments: list[PromptArgumentSpec] = Field(default_factory=list)
    data: list[DataSpec] = Field(default_factory=list)


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    meta: FrontMatter
    body: Template
    origin: str

    def argument(self, name: str) -> PromptArgumentSpec | None:
        return next((spec for spec in self.meta.arguments if spec.name == name), None)


def _placeholders(meta: FrontMatter) -> set[str]:
    names = {"today", *(spec.placeholder for spec in meta.data)}
    for spec in meta.arguments:
        names.add(spec.name)
        if spec.model:
            names.add(f"{spec.name}_uri")
    return names


def _check(name: str, meta: FrontMatter, body: Template, origin: str) -> None:
    arguments = {spec.name: spec for spec in meta.arguments}
    slots = ["today", *arguments, *(f"{spec.name}_uri" for spec in meta.arguments if spec.model)]
    slots += [spec.placeholder for spec in meta.data]
    clashes = sorted({slot for slot in slots if slots.count(slot) > 1})
    if clashes:
        raise PromptFileError(f"{origin}: placeholder name(s) used twice: {', '.join(clashes)}")
    for spec in meta.data:
        if spec.source not in SOURCES:
            raise PromptFileError(
                f"{origin}: unknown data source {spec.source!r} (known: {', '.join(SOURCES)})"
            )
        needs_record = SOURCES[spec.source].needs_record
        argument = arguments.get(spec.argument or "")
        if needs_record and (argument is None or argument.model is None):
            raise PromptFileError(f"{origin}: source {spec.source!r} needs an argument with a model")
        if spec.argument and argument is None:
            raise PromptFileError(
                f"{origin}: data {spec.placeholder!r} names unknown argument {spec.argument!r}"
            )
    if not body.is_valid():
        raise PromptFileError(
            f"{origin}: the text has a malformed ${{...}} placeholder (write $$ for a dollar)"
        )
    unknown = set(body.get_identifiers()) - _placeholders(meta)
    if unknown:
        raise PromptFileError(
            f"{origin}: unknown placeholder(s) {', '.join(sorted(unknown))} in prompt {name}"
        )


def parse_prompt(name: str, text: str, origin: str) -> PromptTemplate:
    """One prompt file's text as a checked template."""
    head, separator, rest = text.partition(FRONT_MATTER)
    front, closing, body = rest.partition(FRONT_MATTER)
    if head.strip() or not separator or not closing:
        raise PromptFileError(f"{origin}: a prompt file starts with front matter between '+++' lines")
    try:
        meta = FrontMatter.model_validate(tomllib.loads(front))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise PromptFileError(f"{origin}: invalid front matter: {exc}") from None
    template = Template(body.strip() + "\n")
    _check(name, meta, template, origin)
    return PromptTemplate(name=name, meta=meta, body=template, origin=origin)


def _shipped() -> dict[str, PromptTemplate]:
    folder = resources.files("mcp_odoo.prompts") / SHIPPED
    found: dict[str, PromptTemplate] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".md"):
            name = entry.name.removesuffix(".md")
            found[name] = parse_prompt(
                name, entry.read_text(encoding="utf-8"), f"shipped prompt {entry.name}"
            )
    return found


def _from_folder(folder: Path) -> dict[str, PromptTemplate]:
    if not folder.is_dir():
        raise PromptFileError(f"MCP_ODOO_PROMPTS_DIR: {folder} is not a folder")
    return {
        path.stem: parse_prompt(path.stem, path.read_text(encoding="utf-8"), str(path))
        for path in sorted(folder.glob("*.md"))
    }


def load_library(folder: Path | None) -> list[PromptTemplate]:
    """The shipped prompts, replaced or extended by those in `folder`, sorted by name."""
    library = _shipped()
    if folder is not None:
        library.update(_from_folder(folder))
    return [library[name] for name in sorted(library)]


def fill(template: PromptTemplate, values: dict[str, Any]) -> str:
    return template.body.substitute({key: str(value) for key, value in values.items()})
