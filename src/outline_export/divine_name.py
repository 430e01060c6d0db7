"""The divine name in scripture filled by reference: "Yahweh" or "the LORD", and LORD in small capitals.

The World English Bible writes God's name as "Yahweh" (and "Yah" in poetry). Most English Bibles,
and the WEB's own British Edition, print it as "the LORD", in small capitals, and "Lord Yahweh"
as "Lord GOD". With ``divine_name = "LORD"`` (the default) the WEB's text is printed that way:

    Yahweh is my shepherd              -> The LORD is my shepherd          (a sentence's subject)
    in Yahweh’s house                  -> in the LORD’s house
    “Yahweh, why does your wrath ...   -> “LORD, why does your wrath ...   (spoken to: no "the")
    O Yahweh / Arise, Yahweh!          -> O LORD / Arise, LORD!
    the Lord Yahweh                    -> the Lord GOD
    Yahweh God / Yahweh of Armies      -> the LORD God / the LORD of Armies
    “Yahweh! Yahweh, a merciful ...    -> “The LORD! The LORD, a merciful ...
    HOLY TO YAHWEH                     -> HOLY TO THE LORD                 (an inscription, in capitals)

Whether the name is spoken to (no article) is decided from its neighbours: "O" before it, or a
comma before it and a punctuation mark after it ("Hear me, Yahweh, ..."), or, at the start of a
sentence and followed by a comma or "!", second-person words ("you", "your") in what is said to
it. Place names joined by a hyphen ("Yahweh-jireh") are names and stay as they are.

The printed words are ``DivineName`` spans (a kind of ``model.Text``), so every reader of the
model sees plain words, and views give them the ``divine_name`` run role that writers draw in
small capitals. The KJV's own LORD and GOD are marked the same way (their text is not changed),
except in an inscription set all in capitals ("HOLINESS TO THE LORD").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from outline_export.model import Text

CHOICES = ("LORD", "Yahweh")  # what settings accept for divine_name (any case)
DEFAULT = "LORD"
SUBSTITUTE = "the LORD"  # how the translations line names what was printed for "Yahweh"


@dataclass(frozen=True)
class DivineName(Text):
    """The divine name as printed ("LORD", "GOD") in text filled from a translation; ``source``
    is the translation's own word ("Yahweh", "Yah", or the KJV's "LORD")."""

    source: str = ""


def choice(value: str) -> str | None:
    """The setting's value spelt as it is stored ("lord" -> "LORD"); None if it is not one."""
    return next((c for c in CHOICES if c.lower() == value.strip().lower()), None)


# "Lord Yahweh", "Yahweh", "Yah", "YAHWEH" as whole words; a hyphen joins a place name
# ("Yahweh-jireh") but not a dash typed as a hyphen ("the house of Yahweh-the brass").
_NAME = re.compile(r"(?<![\w-])(?:(?P<lord>Lord )?(?P<name>Yahweh|Yah)|(?P<caps>YAHWEH))"
                   r"(?![\w]|-(?:jireh|shalom|nissi|shammah|tsidkenu)\b)")
_TAIL = re.compile(r"(?: God)?(?: of (?:Armies|armies|Hosts|hosts))?")  # part of the name when spoken to
_SENTENCE_START = re.compile(r"(?:^|[.!?][”’)]*\s+|[“‘(]\s*)\Z")
_APPOSITION = re.compile(r"(?:\bI|\bGod|\bLord|\bYah|\bYahweh), \Z")  # "I, Yahweh," "God, Yahweh,"
_SPEECH = re.compile(r"\b(?:said|says|say|saying|cried|prayed|answered|replied|proclaimed), \Z")
_O = re.compile(r"\b(?:O|Oh)\s+\Z")
_YOU = re.compile(r"\b(?:you|your|yours|yourself|yourselves|thou|thee|thy|thine)\b", re.I)
_SET_OFF_AFTER = ",.!?;:”’"
# After "Yahweh," and up to two phrases beside it ("my God,"), words that begin a prayer.
_PRAYER_START = re.compile(r"[,!](?: (?:the|a|an|my|our|your|his)\b[^,.;:!?]*,){0,2} "
                           r"(?:if|why|how|I|we|please|hear|listen|remember|see|look|"
                           r"answer|save|help|arise|return|turn|have mercy|let)\b")
# ... or words that wish a blessing on the hearers ("may the LORD make you ...").
_BLESSING = re.compile(r",(?: [^,.;:!?]*,){1,2} (?:bless|make|give|grant|keep|deal|do|add|repay|reward|"
                       r"multiply|increase|be with) (?:you|your)\b")


def _spoken_to(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] is spoken to (a vocative: "LORD", not "the LORD")."""
    before = text[:start]
    if _O.search(before):
        return True
    tail = _TAIL.match(text, end).end()
    after = text[tail:tail + 1]
    if (after and after not in _SET_OFF_AFTER) or text.startswith("’s", end):
        return False  # "Yahweh said", "Yahweh God made", "Yahweh’s house": a subject or object
    if _APPOSITION.search(before):
        return False  # "for I, Yahweh, am holy": the name stands beside another
    if text.startswith(", he ", tail):
        return False  # "Yahweh, he it is who goes before you"
    speech = _SPEECH.search(before)  # "David said, Yahweh, ...": the start of what is said
    if before.endswith(", ") and not speech:
        return True  # "Hear me, Yahweh, ..." "Arise, Yahweh!"
    if (speech or _SENTENCE_START.search(before)) and after in (",", "!"):
        return _addressed(text, tail, sentences=2 if after == "!" else 1)
    return False


def _addressed(text: str, at: int, sentences: int) -> bool:
    """True if what follows the name at ``at`` speaks to it: its sentence (and the next, for
    "Yahweh!") says "you" or "your" outside quotations nested in it, or, past a phrase beside the
    name ("Yahweh, my God, ..."), starts as a prayer does ("if", "why", "I", "please" ...)."""
    if _PRAYER_START.match(text, at):
        return True
    if _BLESSING.match(text, at):
        return False  # "Yahweh, the God of your fathers, make you ...": may he (a blessing)
    depth = 0
    words: list[str] = []
    for i in range(at, len(text)):
        c = text[i]
        if c in "“‘":
            depth += 1
        elif c == "”" or (c == "’" and not text[i + 1:i + 2].isalpha()):
            if depth == 0:
                break  # the end of the quotation the name is in
            depth -= 1
            if depth == 0 and text[i - 1:i] in (".", "!", "?"):
                sentences -= 1  # a quotation that ends the sentence: ‘... this land.’
                if sentences == 0:
                    break
        elif depth == 0:
            words.append(c)
            if c in ".!?" and not text[i + 1:i + 2].isalnum():
                sentences -= 1
                if sentences == 0:
                    break
    return bool(_YOU.search("".join(words)))


def _is_sentence_start(text: str, start: int) -> bool:
    """At the start of a sentence or of what is said ("and said, Yahweh has ...": this WEB text
    often gives speech without quotation marks, capitalised)."""
    before = text[:start]
    return bool(_SENTENCE_START.search(before) or _SPEECH.search(before))


def lord_spans(text: str) -> tuple[Text, ...]:
    """The WEB's ``text`` with its divine name printed as "the LORD" (see the module's docstring)."""
    out: list[Text] = []
    done = 0
    for m in _NAME.finditer(text):
        if m.start() > done:
            out.append(Text(text[done:m.start()]))
        done = m.end()
        if m.group("caps"):  # an inscription in capitals: "HOLY TO YAHWEH", "YAHWEH YOUR GOD"
            out.append(Text("THE LORD"))
            continue
        name = m.group("name")
        if m.group("lord"):  # "Lord Yahweh": the Lord GOD
            out += [Text("Lord "), DivineName("GOD", name)]
            continue
        if not _spoken_to(text, m.start(), m.end()):
            out.append(Text("The " if _is_sentence_start(text, m.start()) else "the "))
        out.append(DivineName("LORD", name))
    if done < len(text):
        out.append(Text(text[done:]))
    return _joined(out)


_KJV_NAMES = ("LORD", "GOD", "JEHOVAH", "JAH")


def kjv_spans(text: str) -> tuple[Text, ...]:
    """The KJV's ``text`` with its own LORD, GOD, JEHOVAH and JAH marked for small capitals (not
    in an inscription set all in capitals: "HOLINESS TO THE LORD", "THE LORD THY GOD")."""
    out: list[Text] = []
    done = 0
    words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\b[A-Z][A-Z]+\b", text)]
    for i, (start, end, word) in enumerate(words):
        if word not in _KJV_NAMES:
            continue
        group = [word]
        j = i
        while j > 0 and _only_space_between(text, words[j - 1][1], words[j][0]):
            j -= 1
            group.append(words[j][2])
        j = i
        while j + 1 < len(words) and _only_space_between(text, words[j][1], words[j + 1][0]):
            j += 1
            group.append(words[j][2])
        if any(w not in _KJV_NAMES for w in group):
            continue  # part of an inscription in capitals
        if start > done:
            out.append(Text(text[done:start]))
        out.append(DivineName(word, word))
        done = end
    if done < len(text):
        out.append(Text(text[done:]))
    return _joined(out)


def _only_space_between(text: str, a: int, b: int) -> bool:
    return text[a:b] in (" ", ", ")


def _joined(spans: list[Text]) -> tuple[Text, ...]:
    """Neighbouring plain spans joined into one."""
    out: list[Text] = []
    for s in spans:
        if out and type(s) is Text and type(out[-1]) is Text:
            out[-1] = Text(out[-1].text + s.text)
        elif s.text:
            out.append(s)
    return tuple(out)


def spans(text: str, translation: str, divine_name: str = DEFAULT) -> tuple[Text, ...]:
    """Verse text as spans, the divine name printed as ``divine_name`` asks."""
    if translation == "WEB" and divine_name == "LORD":
        return lord_spans(text)
    if translation == "KJV":
        return kjv_spans(text)
    return (Text(text),)


def substituted(spans_) -> bool:
    """Whether the divine name in these spans was printed other than the translation wrote it."""
    return any(type(s) is DivineName and s.source != s.text for s in spans_)


__all__ = ["CHOICES", "DEFAULT", "DivineName", "choice", "kjv_spans", "lord_spans", "spans", "substituted"]
