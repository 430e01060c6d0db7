"""What every backend shares: dispatch over the closed set of render-tree nodes.

Like docutils' NodeVisitor, a backend has one ``visit_<ClassName>`` method per block and run type
in ``document.py``; ``dispatch`` fails loudly on a node the backend does not know, so nothing can
silently vanish from one format.
"""

from __future__ import annotations


class UnknownNode(TypeError):
    pass


class Visitor:
    name = "backend"

    def dispatch(self, node, *args, **kwargs):
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise UnknownNode(f"the {self.name} backend cannot draw a {type(node).__name__} node")
        return method(node, *args, **kwargs)
