"""What a person typed into the search box, as SQL over ``calls`` (see store.protocol).

``number_text`` (the number's digits and the number as typed) and
``search_text`` (every searchable field, lower-cased, one per line) are
generated columns with ``pg_trgm`` GIN indexes, so a search of three or more
characters reads the index, not every row. Input only travels as parameters.
"""

from __future__ import annotations

from voicecall_desktop.core.phone import parse_destination


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_clause(search: str) -> tuple[str, list[object]] | None:
    """A WHERE clause and its parameters for ``search``, or None to match everything."""
    # Undecodable bytes are matched as far as they can be; NUL cannot be sent as text.
    text = search.strip().encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    if not text:
        return None
    try:
        number = parse_destination(text)
    except ValueError:
        number = None
    if number is not None:
        return "destination = %s", [number]
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) == len(text.replace(" ", "")):
        # Part of a number: "0123" should also find "44123…" stored without the 0.
        needle = digits[1:] if digits.startswith("0") and len(digits) > 1 else digits
        return "(number_text LIKE %s OR number_text LIKE %s)", [_like(needle), _like(text)]
    # ILIKE, not a lower() in Python: the server folds case by its own rules, as the column.
    return "search_text ILIKE %s", [_like(text)]
