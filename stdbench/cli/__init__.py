"""The ``stdbench`` command: a click group; commands live in the modules of this package.

Each module ``stdbench/cli/<name>.py`` defines its commands with ``@main.command()`` (importing ``main``
from :mod:`stdbench.cli.base`); they are imported here, so adding a command is adding a module.
"""
from __future__ import annotations

import importlib
import pkgutil

from stdbench.cli.base import main

for _mod in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _mod != "base":
        importlib.import_module(f"{__name__}.{_mod}")

__all__ = ["main"]
