"""Drafting group standards (团体标准) to GB/T 1.1—2020 and their 编制说明, from a TOML spec.

``build_draft(spec_path, output, corpus)`` and ``build_explain(...)`` are what ``stdbench draft`` /
``stdbench explain`` and the demo call; limits follow the spec's policies and never fall below the
mandatory national floor.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from stdbench.drafting.spec import DraftSpec, load_spec
from stdbench.outputs import write_atomic

__all__ = ["DraftSpec", "build_draft", "build_explain", "load_spec"]


def _corpus(corpus: Any) -> Any:
    """A corpus object as given, or the index opened at a path (None: the default index)."""
    if corpus is None or isinstance(corpus, (str, Path)):
        from stdbench.corpus import Corpus

        return Corpus.open(corpus)
    return corpus


def build_draft(spec_path: str | Path, output: str | Path, corpus: Any = None, force: bool = False,
                warnings: list[str] | None = None) -> Path:
    """Write the group standard of a spec as .docx (atomically); collected warnings go to ``warnings``."""
    from stdbench.drafting.draft_docx import write_draft
    from stdbench.drafting.policy import resolve_limits

    spec = load_spec(spec_path)
    corp = _corpus(corpus)
    limits = resolve_limits(spec, corp, Path(spec_path).parent)
    found: list[str] = []
    target = write_atomic(output, lambda tmp: found.extend(write_draft(spec, limits, corp, tmp)), force=force,
                          inputs=(spec_path,))
    if warnings is not None:
        warnings.extend(found)
    return target


def build_explain(spec_path: str | Path, output: str | Path, corpus: Any = None, force: bool = False) -> Path:
    """Write the 编制说明 (drafting explanation) of a spec as .docx (atomically)."""
    from stdbench.analysis.applicability import memo
    from stdbench.drafting.explain import write_explain
    from stdbench.drafting.policy import resolve_limits

    spec = load_spec(spec_path)
    corp = memo(_corpus(corpus))
    limits = resolve_limits(spec, corp, Path(spec_path).parent)
    return write_atomic(output, lambda tmp: write_explain(spec, limits, corp, tmp), force=force,
                        inputs=(spec_path,))
