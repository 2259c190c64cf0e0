"""Prompt template files: parsed and checked when loaded, so a broken file is found at start."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcp_odoo.prompts.library import PromptFileError, load_library, parse_prompt

VALID = '+++\ntitle = "T"\ndescription = "D"\n+++\nBody on ${today}.\n'


def test_shipped_prompts_load_from_the_installed_package() -> None:
    names = [template.name for template in load_library(None)]
    assert names == [
        "customer_briefing",
        "dunning_email",
        "overdue_review",
        "quotation_summary",
        "sales_followup",
    ]


def test_a_file_without_front_matter_is_refused() -> None:
    with pytest.raises(PromptFileError, match=r"mine\.md: a prompt file starts with front matter"):
        parse_prompt("mine", "Just text", "mine.md")


def test_an_unknown_placeholder_is_refused() -> None:
    with pytest.raises(PromptFileError, match="unknown placeholder"):
        parse_prompt("mine", VALID.replace("${today}", "${tomorrow}"), "mine.md")


def test_an_unknown_data_source_is_refused() -> None:
    text = VALID.replace("+++\nBody", '[[data]]\nplaceholder = "x"\nsource = "telepathy"\n+++\nBody')
    with pytest.raises(PromptFileError, match="unknown data source 'telepathy'"):
        parse_prompt("mine", text, "mine.md")


def test_a_record_source_needs_an_argument_with_a_model() -> None:
    text = VALID.replace("+++\nBody", '[[data]]\nplaceholder = "x"\nsource = "document"\n+++\nBody')
    with pytest.raises(PromptFileError, match="needs an argument with a model"):
        parse_prompt("mine", text, "mine.md")


def test_invalid_toml_names_the_file() -> None:
    with pytest.raises(PromptFileError, match=r"mine\.md: invalid front matter"):
        parse_prompt("mine", "+++\ntitle = \n+++\nBody\n", "mine.md")


def test_a_missing_prompts_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(PromptFileError, match="is not a folder"):
        load_library(tmp_path / "absent")


def test_a_data_placeholder_may_not_reuse_an_argument_name() -> None:
    text = VALID.replace(
        "+++\nBody",
        '[[arguments]]\nname = "x"\ndescription = "X"\n\n'
        '[[data]]\nplaceholder = "x"\nsource = "overdue_invoices"\n+++\nBody',
    )
    with pytest.raises(PromptFileError, match="used twice: x"):
        parse_prompt("mine", text, "mine.md")
