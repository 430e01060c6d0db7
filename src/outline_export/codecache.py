"""Code Python compiles again in every process, compiled once and kept on disk: two speed tricks,
each measured in docs/performance.md and each left out with ``OUTLINE_EXPORT_PLAIN``.

- ``dataclasses``: for every dataclass, ``dataclasses`` writes the source of each method it adds
  (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, and for frozen classes ``__setattr__`` and
  ``__delattr__``) and compiles it with ``exec``: about 0.1 ms a method, 0.5 ms a frozen class, and
  a render imports some 55 dataclasses (about 25 ms). The name ``exec`` inside the ``dataclasses``
  module (a global there, so it shadows the builtin for that module alone) is pointed at
  ``_exec``, which takes the text's code object from a table and compiles only texts it has not
  seen, as ``exec`` compiles them (no inherited ``__future__`` flags).
- ``regex``: ``re`` parses a pattern and turns it into the regular-expression engine's code in
  Python, every process: about 55 ms of a render, 26 ms of it one pattern of reportlab's (a URL,
  in ``platypus.paragraph``), 6.5 ms one of PyYAML's. ``re._compiler.compile`` is replaced by
  ``_compile``, which keeps what the engine is given for each (pattern, flags): the code (a list
  of numbers), the flags, the groups and their names, and hands it to the engine (``_sre.compile``,
  which checks the code before it takes it). ``re``'s own cache in memory is unchanged.

A table is read with ``marshal`` from the cache folder when the package is imported, and written
back, whole and atomically, when a process that compiled something new is done (``save``); a key
goes in once a second process has compiled it too (``Table``), so the tricks pay from the third
run on. A key is the very text compiled, so a hit is what that text compiles to; a file's name
carries Python's bytecode magic number (and the engine's), and the file a check of its bytes: one
from another Python, damaged or changed is ignored and written anew. Past ``MOST`` entries
(patterns made on the fly) a table starts again. The documents are byte-identical with the tricks
or without (tests/test_startup_tricks.py).

Folder: ``OUTLINE_EXPORT_CACHE`` if set (empty: no disk cache, both tricks off), else
``$XDG_CACHE_HOME/outline-export`` or ``~/.cache/outline-export``; the tables go in ``code/``.
"""

import builtins
import hashlib
import importlib.util
import marshal
import os
import sys
from re import _compiler, _parser

FORMAT = 1  # of a table's file; raise it when what is stored changes
MOST = 4000  # entries in a table
# marshal's code objects are one Python's own; -O compiles other code
_PYTHON = f"{importlib.util.MAGIC_NUMBER.hex()}-o{sys.flags.optimize}"
_CODE = type(compile("", "", "exec"))


def cache_root() -> str | None:
    """The folder outline-export keeps its caches in (None: none)."""
    given = os.environ.get("OUTLINE_EXPORT_CACHE")
    if given is not None:
        return given if given.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "outline-export")


class Table:
    """Compiled things by key, read from one file and written back to it. A key compiled for the
    first time is not written at once: its digest goes into a second, small file (``.pending``),
    and the key into the table only when another process compiles it again. So a pattern made
    anew in every process (reportlab joins a set of names into one, in a different order each
    time) never fills the table, and the table is written only when it gains something."""

    def __init__(self, name: str, valid):
        self.name, self.valid = name, valid  # valid(key, value): the shape a read entry must have
        self.items: dict = {}
        self.added: dict = {}  # compiled in this process: key -> value
        self.path: str | None = None
        self.pending: set[bytes] = set()

    @property
    def new(self) -> bool:
        """Whether this process compiled anything."""
        return bool(self.added)

    def open(self, folder: str, version: str) -> None:
        self.path = os.path.join(folder, f"{self.name}-{version}.marshal")
        items = _read(self.path)
        if isinstance(items, dict) and all(self.valid(k, v) for k, v in items.items()):
            self.items = items
        pending = _read(self._pending_path())
        if isinstance(pending, list) and all(type(d) is bytes for d in pending):
            self.pending = set(pending)

    def _pending_path(self) -> str:
        return self.path[:-len(".marshal")] + ".pending"

    def add(self, key, value) -> None:
        if len(self.added) >= MOST:  # a process making patterns on the fly: the rest are not kept
            return
        self.items[key] = value
        self.added[key] = value

    def save(self) -> None:
        """Keep what this process compiled: a key met before into the table, the others' digests
        into the pending file (a folder that cannot be written is not used)."""
        if not self.added or self.path is None:
            return
        added, self.added = self.added, {}
        fresh = {}
        for key, value in added.items():
            d = check(marshal.dumps(key))[:16]
            if d in self.pending:
                self.pending.discard(d)
            else:
                self.pending.add(d)
                fresh[key] = value
        if len(fresh) < len(added):  # something met again: the table grows
            kept = {k: v for k, v in self.items.items() if k not in fresh}
            if len(kept) > MOST:  # patterns made on the fly: start again
                kept = {k: v for k, v in added.items() if k not in fresh}
            _write(self.path, kept)
        if len(self.pending) > MOST:
            self.pending = {check(marshal.dumps(k))[:16] for k in fresh}
        _write(self._pending_path(), sorted(self.pending))


def _read(path: str):
    try:
        with open(path, "rb") as f:
            fmt, stored, blob = marshal.loads(f.read())
        if fmt != FORMAT or stored != check(blob):
            return None
        return marshal.loads(blob)
    except (OSError, EOFError, ValueError, TypeError):
        return None  # missing, damaged, another Python's: everything is compiled as plainly


def _write(path: str, value) -> None:
    """``value`` written with its check (``put``)."""
    try:
        blob = marshal.dumps(value)
    except ValueError:
        return  # compiled again next time
    put(path, marshal.dumps((FORMAT, check(blob), blob)))


def put(path, data: bytes) -> None:
    """A cache file written to a temporary file renamed into place, so it is never half-written;
    a folder that cannot be written is simply not used (every cache here is only a cache)."""
    import tempfile

    try:
        folder = os.path.dirname(os.fspath(path))
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def check(blob: bytes) -> bytes:
    """A cache file's check of its contents (SHA-256: OpenSSL's uses the processor's SHA
    instructions where it has them)."""
    return hashlib.sha256(blob).digest()


# ---------------------------------------------------------------- dataclasses

METHODS = Table("dataclasses", lambda k, v: type(k) is str and type(v) is _CODE)


def _exec(source, globals=None, locals=None, /):
    """``exec`` for ``dataclasses``: the text's code from the table, compiled only when new."""
    if type(source) is str:
        code = METHODS.items.get(source)
        if code is None:
            code = compile(source, "<string>", "exec", 0, True)  # dont_inherit: exec's own flags
            METHODS.add(source, code)
        source = code
    return builtins.exec(source, globals, locals)


# ---------------------------------------------------------------- regular expressions

def _pattern_entry(key, value) -> bool:
    return (type(key) is tuple and len(key) == 2 and type(key[0]) in (str, bytes) and type(key[1]) is int
            and type(value) is tuple and len(value) == 5 and type(value[1]) is list)


PATTERNS = Table("re", _pattern_entry)
_plain_compile = None


def _compile(p, flags=0):
    """``re._compiler.compile`` with what it hands the engine kept by (pattern, flags)."""
    if type(p) not in (str, bytes) or type(flags) is not int or flags & _compiler.SRE_FLAG_DEBUG:
        return _plain_compile(p, flags)
    key = (p, flags)
    made = PATTERNS.items.get(key)
    if made is None:  # as _compiler.compile makes it
        parsed = _parser.parse(p, flags)
        code = _compiler._code(parsed, flags)
        # plain ints: the opcodes are an int subclass, which marshal does not write
        groupindex = {str(k): int(i) for k, i in parsed.state.groupdict.items()}
        indexgroup = [None] * parsed.state.groups
        for k, i in groupindex.items():
            indexgroup[i] = k
        made = (int(flags | parsed.state.flags), [int(c) for c in code], int(parsed.state.groups - 1),
                groupindex, tuple(indexgroup))
        PATTERNS.add(key, made)
    return _compiler._sre.compile(p, *made)


# ---------------------------------------------------------------- installing, saving

def install() -> None:
    """Read the tables and put the tricks in place (once; not those switched off)."""
    global _plain_compile
    from outline_export import plain

    root = cache_root()
    if root is None or METHODS.path is not None or PATTERNS.path is not None:
        return
    folder = os.path.join(root, "code")
    import dataclasses

    if not plain("dataclasses") and "exec" not in vars(dataclasses):
        METHODS.open(folder, _PYTHON)
        dataclasses.exec = _exec
    # the engine's code is its own: its magic number names the file; the versions whose
    # _compiler.compile this repeats, else the plain way
    if not plain("regex") and (3, 11) <= sys.version_info[:2] <= (3, 13) and _plain_compile is None \
            and all(hasattr(_compiler, a) for a in ("_code", "_parser", "_sre", "SRE_FLAG_DEBUG", "compile")):
        PATTERNS.open(folder, f"{_PYTHON}-sre{_compiler._sre.MAGIC}-{_compiler._sre.CODESIZE}")
        _plain_compile = _compiler.compile
        _compiler.compile = _compile
    import atexit

    atexit.register(save)  # cli.run ends with os._exit and saves itself; this is for other callers


def save() -> None:
    """Write each table that gained entries in this process."""
    METHODS.save()
    PATTERNS.save()
