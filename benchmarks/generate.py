"""Generated outlines of any size, for benchmarks and stress tests.

Points are spread over sections with nested children (four levels), a blank every few points,
references, notes and markup, so every code path of the loader and the views is exercised.
"""

from __future__ import annotations

import random


def outline_text(points: int, seed: int = 1, specials: bool = False) -> str:
    rnd = random.Random(seed)
    words = ("grace mercy covenant intercession mediator atonement people glory prayer "
             "faithful promise heart judgment calf mountain tablets Israel Moses LORD").split()
    odd = ["Tom & Jerry", "a < b > c", "“curly” ‘quotes’ — dashes … ellipsis", "χάρις", "חֶסֶד",
           "5 * 3", "snake_case", "\\*not emphasis\\*", "\\${literal}", "<b>not bold</b>", "50% off; #1"]
    lines = [
        "title: Generated Outline",
        "passage: Exodus 32:1-35",
        "speaker: Pastor Test",
        'date: "2026-03-01"',
        "big_idea: A ___generated___ outline for measuring.",
        "sections:",
    ]
    per_section = 100
    made = 0
    s = 0
    last = 0
    while made < points:
        s += 1
        lines.append(f'  - heading: "Section {s}: the ___{rnd.choice(words)}___ of God"')
        lines.append(f'    ref: "32:{rnd.randint(1, 30)}"')
        lines.append(f'    minutes: {rnd.randint(2, 9)}')
        lines.append("    points:")
        in_section = 0
        while in_section < per_section and made < points:
            depth = rnd.choice((0, 0, 1, 1, 2, 3)) if in_section else 0
            depth = min(depth, last + 1)  # a child only under an existing parent
            last = depth
            indent = "      " + "    " * depth
            text = " ".join(rnd.choice(words) for _ in range(rnd.randint(5, 12)))
            if made % 3 == 0:
                text += f" ___{rnd.choice(words)}___"
            if made % 7 == 0:
                text = f"**{text}**"
            if specials and made % 5 == 0:
                text += " " + rnd.choice(odd)
            text = text.replace('\\', '\\\\').replace('"', '\\"')
            lines.append(f'{indent}- text: "{text}"')
            if made % 11 == 0:
                lines.append(f'{indent}  ref: "{rnd.randint(1, 35)}"')
            if made % 13 == 0:
                lines.append(f'{indent}  note: "Remember the story about {rnd.choice(words)}."')
            lines.append(f"{indent}  points:")
            made += 1
            in_section += 1
    text = "\n".join(lines) + "\n"
    text = _fix_empty_points(text)
    return text


def _fix_empty_points(text: str) -> str:
    """Drop every 'points:' line that no deeper list follows (an empty key would be an error)."""
    out = []
    rows = text.split("\n")
    for i, row in enumerate(rows):
        if row.strip() == "points:":
            nxt = rows[i + 1] if i + 1 < len(rows) else ""
            indent = len(row) - len(row.lstrip())
            if not nxt.strip().startswith("- ") or len(nxt) - len(nxt.lstrip()) <= indent:
                continue
        out.append(row)
    return "\n".join(out)


if __name__ == "__main__":
    import sys

    print(outline_text(int(sys.argv[1]) if len(sys.argv) > 1 else 100), end="")
