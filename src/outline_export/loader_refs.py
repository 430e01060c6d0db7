"""The loader's reading of one scripture reference (``NodeReader.reference``): in the outline's
language (``written_in``: its ``language:``, else the settings'), with each error at its line:col
and a warning for a verse accepted beyond the KJV's counts (``Reference.notes``)."""

from __future__ import annotations

from outline_export import scripture


def read_reference(reader, entry, key: str, context: scripture.Reference | None,
                   quotation: bool = False) -> scripture.Reference | None:
    """``quotation``: the reference of a quotation or key_verse, which may name a translation."""
    text = reader.one_value(entry, key)
    if text is None:
        return None
    node = entry[1]
    stripped_lead = len(text) - len(text.lstrip())
    language = getattr(reader, "written_in", None)
    try:
        ref = scripture.parse_reference(text, context, language)
    except scripture.ReferenceError as e:
        p = reader.locator(node)(stripped_lead + e.offset if e.offset < len(text.strip()) + 1 else 0)
        message = e.message
        if e.translation and not quotation:
            name, fixed = e.translation
            what = "the passage" if key == "passage" else "this reference"
            message = (f"'{name}' is a translation, not part of the reference; write "
                       f"{key}: {fixed or 'the reference alone'} ({what} names verses only; to print a "
                       f"translation's words, add a quotation: '- quote:' with 'ref:' and 'translation: {name}')")
        reader.error(p.line, p.col, message.replace("–", "-"))  # suggestions as people type them
        return None
    for offset, message in ref.notes:
        p = reader.locator(node)(stripped_lead + offset)
        reader.warning(p.line, p.col, message)
    return ref
