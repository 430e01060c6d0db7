"""Seeded random mutation of the sample outlines, run through validate and render in this process.

Every mutated outline must either load, or be refused with problems that each name the file, a
line and a column; every outline that loads must become every kind of render tree and be drawn by
every writer. Anything else (an exception that is not an ``OutlineError``, a problem without a
position) is a finding. ``tests/test_fuzz.py`` runs a few hundred cases in CI; the long run is

    python tests/fuzz_outlines.py --cases 20000 --seed 1          # see docs/robustness.md

The mutations are the mistakes people make in YAML by hand (a character that means something to
YAML, a lost or extra indent, a line typed twice or cut short, a stray quote, a tab, a pasted
emoji) plus the markup characters of the outline format (``___``, ``**``, ``${``).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "outlines").glob("*.yaml"))

# Characters and pieces that change what YAML or the outline format reads.
PIECES = [
    ":", ": ", " #", "#", '"', "'", "- ", "-", "[", "]", "{", "}", "*", "&", "!", "|", ">", "%", "@", "`",
    "\t", "\n", "  ", "___", "__", "**", "*", "_", "${", "}", "${church}", "${nope}", "\\", "~", "null",
    "“", "”", "‘", "’", "—", "🙏", "✝", "שָׁלוֹם", "Ἰησοῦς", "\u200b", "\ufeff", "\r\n", "0", "12", "1:30",
    "2026-13-45", "yes", "no", "ref: ", "points:", "text: ", "note: ", "audience: youth", "minutes: 7:30",
    "quote: ", "numbering: roman", "Romans 1:16ff", "John 3:16 (ESV)", "Genesis 99:1", "Psalm 23:1-6 NIV",
    "- text: x\n", "---\n", "...", "?", ",", "=", "<b>", "&amp;", "<", ">",
]


# Markup-heavy text (issue 9): runs of these, mostly unclosed, once froze validate for hours.
MARKS = ["*", "**", "***", "___", "____", "_", "\\", "\\*", "\\_", "a", "grace", " ", " ", "${church}", "${", "."]


def storm(rng: random.Random) -> str:
    """A run of markup characters and words, from a few to a few thousand."""
    return "".join(rng.choice(MARKS) for _ in range(rng.choice((3, 12, 60, 400, 2000))))


def mutate(text: str, rng: random.Random) -> str:
    """One to four mutations of ``text``."""
    for _ in range(rng.randint(1, 4)):
        lines = text.split("\n")
        op = rng.randrange(11)
        i = rng.randrange(len(lines))
        if op >= 9:  # a storm of markup at the end of a line's value (before a closing quote)
            line = lines[i]
            if line.endswith('"') and line.count('"') >= 2:
                lines[i] = line[:-1] + storm(rng) + '"'
            else:
                lines[i] = line + (" " if line.rstrip().endswith(":") else "") + storm(rng)
            text = "\n".join(lines)
            continue
        if op == 0 and text:  # insert a piece at a random place
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(PIECES) + text[at:]
            continue
        if op == 1 and text:  # delete a few characters
            at = rng.randrange(len(text))
            text = text[:at] + text[at + rng.randint(1, 3):]
            continue
        if op == 2:  # indent or dedent a line
            line = lines[i]
            lines[i] = ("  " + line) if rng.random() < 0.5 or not line.startswith(" ") else line[2:]
        elif op == 3:  # a line typed twice
            lines.insert(i, lines[i])
        elif op == 4:  # a line lost
            del lines[i]
        elif op == 5:  # two lines swapped
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 6:  # a line cut short
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        elif op == 7:  # a line's value replaced by a piece
            head, sep, _ = lines[i].partition(": ")
            lines[i] = head + (sep or ": ") + rng.choice(PIECES)
        else:  # the file cut short
            lines = lines[: i + 1]
        text = "\n".join(lines)
    return text


MAX_MESSAGE = 500  # characters: the longest message a person reads in one go


def check_problems(problems, path: str) -> list[str]:
    """Findings about refused input: every problem names this file, with a message of readable length."""
    out = []
    for p in problems:
        if p.path != path:
            out.append(f"problem names {p.path!r}, not the file: {p}")
        # (errors.Problem folds any message onto one line, so what is left to find is a message
        # that quotes a whole run-on value: too long to read)
        if not p.message or len(p.message) > MAX_MESSAGE or "Traceback" in p.message:
            out.append(f"problem message is empty, over {MAX_MESSAGE} characters or a traceback: {p.message!r}")
    return out


class Runner:
    """Loads, builds and draws in this process; counts what happened."""

    def __init__(self, draw_every: int = 1, formats: tuple[str, ...] | None = None,
                 time_limits: tuple[float, float] | None = None):
        from outline_export import backends, pipeline
        from outline_export.settings import Settings

        self.edition = pipeline.plan_edition(Settings(), None, Path("unused"))
        self.formats = formats or backends.FORMATS
        self.draw_every = draw_every
        self.counts = {"cases": 0, "refused": 0, "loaded": 0, "drawn": 0, "render_refused": 0}
        # (validate, render) seconds over which a case is a finding: for the long run only (a
        # test never times anything); the slowest of each is kept for the record
        self.time_limits = time_limits
        self.slowest = {"validate": (0.0, ""), "render": (0.0, "")}

    def _timed(self, stage: str, seconds: float) -> list[str]:
        if seconds > self.slowest[stage][0]:
            self.slowest[stage] = (seconds, self._name)
        if self.time_limits is None:
            return []
        limit = self.time_limits[0 if stage == "validate" else 1]
        return [f"{stage} took {seconds:.1f} s (over {limit:g} s)"] if seconds > limit else []

    def run(self, text: str, path: str = "fuzz.yaml", name: str = "") -> list[str]:
        """Findings for one outline text (empty: all good)."""
        self._name = name
        started = time.perf_counter()
        findings = self._run(text, path, started)
        return findings + self._timed("render", self._render_time) if self._render_time else findings

    def _run(self, text: str, path: str, started: float) -> list[str]:
        from outline_export import backends, pipeline, views
        from outline_export.errors import OutlineError
        from outline_export.loader import load_text, read_source

        self.counts["cases"] += 1
        self._render_time = 0.0
        try:
            source, problems = read_source(path, text.encode("utf-8", "surrogatepass"))
            if problems:
                self.counts["refused"] += 1
                return check_problems(problems, path) + self._timed("validate", time.perf_counter() - started)
            try:
                outline = load_text(source, path)
            except OutlineError as e:
                self.counts["refused"] += 1
                if not e.problems:
                    return ["refused with no problem listed"]
                return check_problems(e.problems, path) + self._timed("validate", time.perf_counter() - started)
            self.counts["loaded"] += 1
            slow = self._timed("validate", time.perf_counter() - started)
            if self.counts["loaded"] % self.draw_every:
                return slow
            drawing = time.perf_counter()
            try:
                prepared = pipeline.prepare(outline, self.edition)
                for kind in views.KIND_NAMES:
                    for fmt in self.formats:  # each format on its medium, as pipeline.render_outline
                        w = backends.writer(fmt)
                        if not w.makes(kind):
                            continue
                        options = replace(self.edition.options, medium=w.medium)
                        document = views.build(prepared, kind, options)
                        data, _ = backends.write_with_notices(fmt, document, views.writer_options(kind, options))
                        if not data:
                            return [f"{kind} {fmt}: no bytes written"]
            except OutlineError as e:  # an unknown variable, a missing translation: refused, with places
                self.counts["render_refused"] += 1
                return check_problems(e.problems, path) + slow
            finally:
                self._render_time = time.perf_counter() - drawing
            self.counts["drawn"] += 1
            return slow
        except Exception:  # noqa: BLE001 - a traceback a user would see is the finding
            return ["traceback:\n" + traceback.format_exc()]


def cases(count: int, seed: int):
    """(name, text) for ``count`` mutated samples, the same for the same seed."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    for n in range(count):
        k = rng.randrange(len(texts))
        yield f"{SAMPLES[k].stem}#{n}", mutate(texts[k], rng)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--draw-every", type=int, default=1, help="draw every Nth outline that loads")
    ap.add_argument("--save", type=Path, help="folder to keep each failing case in")
    ap.add_argument("--validate-limit", type=float, default=5.0, help="seconds: a slower validate is a finding")
    ap.add_argument("--render-limit", type=float, default=60.0, help="seconds: a slower render is a finding")
    args = ap.parse_args(argv)
    runner = Runner(args.draw_every, time_limits=(args.validate_limit, args.render_limit))
    failures = 0
    for name, text in cases(args.cases, args.seed):
        findings = runner.run(text, name=name)
        if findings:
            failures += 1
            print(f"== {name}\n" + "\n".join(findings), file=sys.stderr)
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"{name.replace('#', '-')}.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    print(" ".join(f"{k}={v}" for k, v in runner.counts.items()) + f" failures={failures}")
    print(" ".join(f"slowest_{stage}={sec:.2f}s({name})" for stage, (sec, name) in runner.slowest.items()))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
