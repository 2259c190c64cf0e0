"""Records named in free text: the same match rules and the same "did you mean" list for every tool.

A name matches exactly, or by a unique case- and accent-insensitive equality; anything else is never
guessed. When nothing matches, the candidates offered are the records whose names are most similar to
what was typed (by characters, not only by prefix), so "Gemni Furnture" offers "Gemini Furniture (#10)".
Candidates come from Odoo's own `name_search` (which also matches references, emails, codes... as each
model defines) on the whole text and on the start of each word, so a typo still finds its record.
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Awaitable, Callable, Iterable, Sequence
from difflib import SequenceMatcher

Named = tuple[int, str]
"""(id, display name)."""

NameSearch = Callable[[str, str, int], Awaitable[Sequence[Named]]]
"""(model, text, limit) -> records whose name contains `text`, as Odoo's name_search finds them."""

CANDIDATES = 5
"""How many candidates an error lists."""
_POOL = 20
_WORDS = 3
_WORD_START = 3


def fold(text: str) -> str:
    """`text` without case, accents or repeated spaces, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())


def same_name(text: str, named: Iterable[Named]) -> list[Named]:
    """The records whose name equals `text` once case and accents are ignored."""
    wanted = fold(text)
    return [pair for pair in named if fold(pair[1]) == wanted]


def similarity(text: str, name: str) -> float:
    """0..1: how alike a typed text and a record name are (whole strings, word by word, containment)."""
    typed, candidate = fold(text), fold(name)
    if not typed or not candidate:
        return 0.0
    whole = SequenceMatcher(None, typed, candidate).ratio()
    words, names = typed.split(), candidate.replace(",", " ").split()
    by_word = sum(max(SequenceMatcher(None, word, other).ratio() for other in names) for word in words)
    contained = 0.9 if typed in candidate else 0.0
    return max(whole, by_word / len(words), contained)


def closest(text: str, named: Iterable[Named], limit: int = CANDIDATES) -> list[Named]:
    """The `limit` records most similar to `text`, best first (ties keep Odoo's order)."""
    unique = list(dict.fromkeys(named))
    ranked = sorted(range(len(unique)), key=lambda index: (-similarity(text, unique[index][1]), index))
    return [unique[index] for index in ranked[:limit]]


def search_texts(text: str) -> list[str]:
    """What to search for to find names like `text`: itself, then the start of its first few words."""
    starts = [word[:_WORD_START] for word in fold(text).split() if len(word) >= _WORD_START]
    return list(dict.fromkeys([text, *starts[:_WORDS]]))


async def candidates(search: NameSearch, model: str, text: str, limit: int = CANDIDATES) -> list[Named]:
    """The records of `model` whose names are closest to `text` (for a "did you mean" list)."""
    found = await asyncio.gather(*(search(model, part, _POOL) for part in search_texts(text)))
    return closest(text, (pair for pairs in found for pair in pairs), limit)


def listing(named: Sequence[Named]) -> str:
    """``Gemini Furniture (#10); Deco Addict (#9)``."""
    return "; ".join(f"{name} (#{record_id})" for record_id, name in named)
