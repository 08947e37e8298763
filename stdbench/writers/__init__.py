"""Writers: :class:`stdbench.model.Standard` → interchange formats (NISO STS XML in :mod:`.sts`)."""
from __future__ import annotations

from stdbench.writers.sts import write_sts

__all__ = ["write_sts"]
