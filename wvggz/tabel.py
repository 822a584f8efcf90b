"""The base class of the table models: SQLModel with a cheaper attribute assignment.

SQLModel's `__setattr__` runs SQLAlchemy's `set_attribute` and then pydantic's `BaseModel.__setattr__` for every
field, and construction sets every field that way (~130 calls for one registration). For a mapped column
both end in the same place: SQLAlchemy stores the value in `__dict__` (recording the old one for dirty tracking),
pydantic stores it there again and adds the name to `__pydantic_fields_set__`. `Tabel` does the SQLAlchemy part
and that bookkeeping only. Every other name (private attributes, relationships, properties, unknown names), and
every name of a model with `validate_assignment` or `frozen`, goes through SQLModel's own `__setattr__`.
tests/integration/test_tabel.py proves the same values, fields_set, dumps, dirty tracking and version column."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm.attributes import set_attribute
from sqlmodel import SQLModel

_KOLOMMEN: dict[type, frozenset[str]] = {}  # per table class: the names the fast path may set


def kolommen(cls: type) -> frozenset[str]:
    """Return the names of `cls` that are both a pydantic field and a mapped column (empty: no fast path)."""
    namen = _KOLOMMEN.get(cls)
    if namen is None:
        mapper = inspect(cls, raiseerr=False)
        config = cls.model_config
        if mapper is None or config.get("validate_assignment") or config.get("frozen"):
            namen = frozenset()
        else:
            namen = frozenset(p.key for p in mapper.column_attrs) & frozenset(cls.model_fields)
        _KOLOMMEN[cls] = namen
    return namen


class Tabel(SQLModel):
    """Base of every table model of wvggz (`class X(Tabel, table=True)`); behaves exactly like SQLModel."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in (_KOLOMMEN.get(type(self)) or kolommen(type(self))):
            set_attribute(self, name, value)  # stores the value in __dict__ and records the change
            self.__pydantic_fields_set__.add(name)
        else:
            super().__setattr__(name, value)
