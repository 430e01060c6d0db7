"""The methods ``@dataclass`` writes, compiled once and kept on disk (the ``dataclasses`` speed
trick, measured in docs/performance.md; ``OUTLINE_EXPORT_PLAIN=dataclasses`` leaves it out).

For every dataclass, ``dataclasses`` writes the source of each method it adds (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, and for frozen classes ``__setattr__`` and
``__delattr__``) and compiles it with ``exec``: about 0.1 ms a method, 0.5 ms a frozen class. A
render imports some 55 dataclasses, so every fresh process spent about 25 ms compiling the same
text again. Python's .pyc files keep the compiled code of modules, not of these methods.

This keeps it: the name ``exec`` inside the ``dataclasses`` module (a global there, so it shadows
the builtin for that module alone) is pointed at ``_exec``, which looks the text up in a table of
code objects and compiles only texts it has not seen (as ``exec`` compiles them: no inherited
``__future__`` flags), then runs the code as ``exec`` would. The table is read with ``marshal`` from
the cache folder when the package is imported and written back, whole and atomically, when a
process that compiled something new is done (``save``). The key is the very text compiled, so a
hit is the code that text compiles to; the file's name carries Python's bytecode magic number and
the file a check of its bytes: one from another Python, damaged or changed is ignored (and written
anew). Nothing else in the module is touched, and nothing changes but the time.

Folder: ``OUTLINE_EXPORT_CACHE`` if set (empty: no disk cache, the trick is off), else
``$XDG_CACHE_HOME/outline-export`` or ``~/.cache/outline-export``; the table goes in ``code/``.
"""

import builtins
import hashlib
import importlib.util
import marshal
import os
import sys

FORMAT = 1  # of the file; raise it when what is stored changes
MOST = 4000  # entries: past this (classes made on the fly), the table starts again
# marshal's code objects are one Python's own; -O compiles other code
_MAGIC = f"{importlib.util.MAGIC_NUMBER.hex()}-o{sys.flags.optimize}"

_table: dict = {}
_new = False
_path: str | None = None


def cache_root() -> str | None:
    """The folder outline-export keeps its caches in (None: none)."""
    given = os.environ.get("OUTLINE_EXPORT_CACHE")
    if given is not None:
        return given if given.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "outline-export")


def _exec(source, globals=None, locals=None, /):
    """``exec`` for ``dataclasses``: the text's code from the table, compiled only when new."""
    global _new
    if type(source) is str:
        code = _table.get(source)
        if code is None:
            code = compile(source, "<string>", "exec", 0, True)  # dont_inherit: exec's own flags
            if len(_table) >= MOST:
                _table.clear()
            _table[source] = code
            _new = True
        source = code
    return builtins.exec(source, globals, locals)


def install() -> None:
    """Read the table and point ``dataclasses``' ``exec`` at it (once; not with the trick off)."""
    global _path
    import dataclasses

    from outline_export import plain

    if _path is not None or plain("dataclasses") or "exec" in vars(dataclasses):
        return
    root = cache_root()
    if root is None:
        return
    _path = os.path.join(root, "code", f"dataclasses-{_MAGIC}.marshal")
    _table.update(_read(_path))
    dataclasses.exec = _exec
    import atexit

    atexit.register(save)  # cli.run ends with os._exit and saves itself; this is for other callers


def _read(path: str) -> dict:
    try:
        with open(path, "rb") as f:
            fmt, check, blob = marshal.loads(f.read())
        if fmt != FORMAT or check != _check(blob):
            return {}
        table = marshal.loads(blob)
        if not isinstance(table, dict) or not all(
                type(k) is str and type(v) is _CODE for k, v in table.items()):
            return {}
        return table
    except (OSError, EOFError, ValueError, TypeError):
        return {}  # missing, damaged, another Python's: every text is compiled as plainly


_CODE = type(_read.__code__)


def _check(blob: bytes) -> bytes:
    return hashlib.sha256(blob).digest()


def save() -> None:
    """Write the table if this process compiled anything new (a temporary file renamed into place;
    a folder that cannot be written is not used)."""
    global _new
    if not _new or _path is None:
        return
    _new = False
    import tempfile

    try:
        blob = marshal.dumps(_table)
        data = marshal.dumps((FORMAT, _check(blob), blob))
        folder = os.path.dirname(_path)
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, _path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        pass  # compiled again next time
