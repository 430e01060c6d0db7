"""How a command's outcome reaches the user, and its exit code: problems printed in file and line
order; the files written listed on stdout (a closed pipe does not stop the run); Ctrl-C and SIGTERM
(a plain `kill`) as one line saying how many files were written; an exception nobody expected (a
bug in outline-export) as one line naming where, what and how to see more (the traceback only with
``--debug``). ``Main`` is the command group's class: the one place all of this becomes an exit
code (``errors.exit_code``)."""

from __future__ import annotations

import os
import signal
import sys

import click

from outline_export.errors import INTERNAL, OutlineError, Problem, Terminated, exit_code


def print_problems(problems: list[Problem]) -> None:
    """Each problem once, in file and line order (as OutlineError orders them)."""
    for p in sorted(dict.fromkeys(problems), key=lambda p: (p.path, p.line, p.col)):
        click.echo(str(p), err=True)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class Stdout:
    """The files written go to stdout, one a line. When its reader goes away (``build | head -1``)
    the build goes on writing files and stops printing them."""

    closed = False

    @classmethod
    def say(cls, line: str) -> None:
        if cls.closed:
            return
        try:
            click.echo(line)
        except BrokenPipeError:
            cls.closed = True
            try:  # later writes and the final flush go nowhere instead of failing again
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                os.close(devnull)
            except (OSError, ValueError, AttributeError):
                pass


class Progress:
    written = 0  # files written by this command, for the line an interrupt prints


class Run:
    """What this run of a command has seen: ``--debug``, and the bugs in outline-export it met."""

    debug = False
    bugs: list[Problem] = []


def bug(where: str, e: Exception, command: str | None = None, traceback_text: str = "") -> Problem:
    """An exception outline-export did not expect, in one line naming ``where`` (an outline, or
    outline-export itself) and how to see more (``command``: default, the one running); with
    --debug its traceback is printed first (``traceback_text``: as a worker process gave it)."""
    import traceback

    from outline_export.loader_hints import clip

    building = sys.modules.get("outline_export.building")
    if building is not None and isinstance(e, building.DrawingStopped):  # killed from outside: not a bug
        problem = Problem(where, 0, 0, f"not rendered: {e}; run the build again for this outline")
        Run.bugs.append(problem)
        return problem
    if Run.debug:
        click.echo((traceback_text or "".join(traceback.format_exception(e))).rstrip(), err=True)
    ctx = click.get_current_context(silent=True)
    if command is None and ctx is not None and ctx.parent is not None:
        command = ctx.info_name
    again = f"outline-export --debug {command}" if command else "outline-export --debug ..."
    text = clip(" ".join(str(e).split()), 120)
    what = f"{type(e).__name__}: {text}" if text else type(e).__name__
    skipped = ", not a problem in your outline; it was skipped" if where != "outline-export" else ""
    problem = Problem(where, 0, 0, f"bug in outline-export ({what}){skipped}; run `{again}` for the details, "
                                   "and please report it")
    Run.bugs.append(problem)
    return problem


def _stop(signum, frame) -> None:
    raise Terminated()


class Main(click.Group):
    """The command group; the one place a problem becomes messages and an exit code."""

    def invoke(self, ctx):
        Run.debug, Run.bugs = bool(ctx.params.get("debug")), []
        old_int = signal.getsignal(signal.SIGINT)
        try:  # SIGTERM (a plain `kill`) stops the run as Ctrl-C does (the main thread only can)
            old_term = signal.signal(signal.SIGTERM, _stop)
        except ValueError:
            old_term = None
        try:
            return super().invoke(ctx)
        except OutlineError as e:  # UsageError and WriteError too
            print_problems(e.problems)
            if e.summary:
                click.echo(e.summary, err=True)
            ctx.exit(INTERNAL if Run.bugs else exit_code(e))
        except KeyboardInterrupt as e:  # Ctrl-C, and SIGTERM (Terminated)
            for sig in (signal.SIGINT, signal.SIGTERM):  # the one line is printed whole
                signal.signal(sig, signal.SIG_IGN)
            how = "terminated" if isinstance(e, Terminated) else "interrupted"
            click.echo(f"outline-export: {how}; {plural(Progress.written, 'file')} written before it "
                       "(each complete), no partly written files left", err=True)
            ctx.exit(exit_code(e))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as e:  # a bug: one line, the traceback with --debug
            print_problems([bug("outline-export", e, ctx.invoked_subcommand)])
            ctx.exit(INTERNAL)
        finally:
            if old_term is not None:
                signal.signal(signal.SIGTERM, old_term)
                signal.signal(signal.SIGINT, old_int)
