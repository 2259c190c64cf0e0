"""Names typed by an agent: equality ignores case and accents, candidates rank by similarity."""

from __future__ import annotations

from collections.abc import Sequence

from mcp_odoo.policy.names import candidates, closest, fold, same_name, search_texts, similarity

PARTNERS = [
    (14, "Azure Interior"),
    (9, "Deco Addict"),
    (10, "Gemini Furniture"),
    (20, "Gemini Furniture, Edwin Hansen"),
    (15, "Lumber Inc"),
    (11, "Ready Mat"),
]


def test_fold_ignores_case_accents_and_spacing() -> None:
    assert fold("  Ça  VA  Élodie ") == "ca va elodie"


def test_same_name_is_equality_after_folding() -> None:
    assert same_name("azure INTERIOR", PARTNERS) == [(14, "Azure Interior")]
    assert same_name("Azure", PARTNERS) == []


def test_a_misspelling_ranks_the_intended_record_first() -> None:
    assert closest("Gemni Furnture", PARTNERS, 2) == [
        (10, "Gemini Furniture"),
        (20, "Gemini Furniture, Edwin Hansen"),
    ]
    assert closest("Lumbr", PARTNERS, 1) == [(15, "Lumber Inc")]
    assert similarity("Gemni Furnture", "Gemini Furniture") > similarity("Gemni Furnture", "Ready Mat")


def test_duplicates_are_listed_once() -> None:
    assert closest("Azure", [(14, "Azure Interior"), (14, "Azure Interior")]) == [(14, "Azure Interior")]


def test_search_texts_cover_the_start_of_each_word() -> None:
    assert search_texts("Gemni Furnture") == ["Gemni Furnture", "gem", "fur"]
    assert search_texts("a") == ["a"]


async def test_candidates_search_odoo_for_each_part_and_rank_what_comes_back() -> None:
    asked: list[str] = []

    async def name_search(model: str, text: str, limit: int) -> Sequence[tuple[int, str]]:
        asked.append(text)
        return [pair for pair in PARTNERS if text.casefold() in pair[1].casefold()][:limit]

    found = await candidates(name_search, "res.partner", "Gemni Furnture")
    assert found[0] == (10, "Gemini Furniture")
    assert asked == ["Gemni Furnture", "gem", "fur"]
