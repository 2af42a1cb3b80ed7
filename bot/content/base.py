"""The building blocks of every content model: frozen models that refuse unknown fields, and
the short ASCII ids that travel inside callback data."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

# Ids travel inside callback data (64 bytes at most), so they stay short and ASCII.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,23}$")]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
