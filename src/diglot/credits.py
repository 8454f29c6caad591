"""Who a document credits: its speakers under their full names, for title pages and metadata."""

from __future__ import annotations

from .model import Document

#: front-matter keys that name a person in full
_PERSON_KEYS = ("speaker", "guest", "host")


def speaker_names(doc: Document) -> list[str]:
    """The speakers' full names where the document gives them (``Ilya`` -> ``Ilya Sutskever``).

    A speaker label matches a person of ``doc.people`` (or the front matter's
    ``speaker``/``guest``/``host``) with the same first name; other labels
    stay as they are. Whitespace is collapsed; duplicates and empty names dropped.
    """
    full = [" ".join(p.split()) for p in doc.people if isinstance(p, str)]
    full += [" ".join(v.split()) for k in _PERSON_KEYS if isinstance(v := doc.extra.get(k), str) and v.strip()]
    names: list[str] = []
    for label in doc.speakers:
        name = " ".join(label.split())
        if not name:
            continue
        name = next((f for f in full if f.split(" ")[0].casefold() == name.casefold() and f != name), name)
        if name not in names:
            names.append(name)
    return names
