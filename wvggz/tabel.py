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

from pydantic.fields import FieldInfo
from sqlalchemy import inspect
from sqlalchemy.orm.attributes import set_attribute
from sqlalchemy.orm.base import NO_VALUE
from sqlmodel import SQLModel
from sqlmodel._compat import finish_init

_KOLOMMEN: dict[type, frozenset[str]] = {}  # per table class: the names the fast path may set
_BOUWPLAN: dict[type, tuple | None] = {}  # per table class: its fields for the fast construction, or None
# a default of these types is used as is (pydantic's get_default returns it uncopied too)
_ONVERANDERLIJK = frozenset({type(None), bool, int, float, str, bytes})
SNEL_BOUWEN = True  # False: SQLModel's own construction (tests/integration/test_tabel.py compares both)


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


def bouwplan(cls: type) -> tuple | None:
    """Return the fields of `cls` in SQLModel's order as (name, mapped column?, required?, its FieldInfo or its
    constant default), or None
    when the fast construction does not apply: aliases, extra fields, post-init hooks, relationships, or a
    column with set listeners (active history, as for the key and the version column, reads the previous
    value, which a new object does not have: NO_VALUE either way)."""
    if cls in _BOUWPLAN:
        return _BOUWPLAN[cls]
    plan: tuple | None = None
    mapper = inspect(cls, raiseerr=False)
    if (mapper is not None and not cls.__sqlmodel_relationships__ and not cls.__pydantic_post_init__
            and not cls.__pydantic_root_model__ and cls.model_config.get("extra") != "allow"):
        namen, velden = kolommen(cls), []
        for naam, veld in cls.model_fields.items():
            if veld.alias and veld.alias != naam:
                velden = None
                break
            if naam in namen:
                impl = mapper.class_manager[naam].impl
                if impl is None:  # mappers not configured yet (the first construction configures them)
                    return None
                if impl.dispatch.set or not impl.send_modified_events:
                    velden = None
                    break
            vast = veld.default_factory is None and type(veld.default) in _ONVERANDERLIJK
            velden.append((naam, naam in namen, veld.is_required(), veld.default if vast else veld))
        plan = tuple(velden) if velden is not None else None
    _BOUWPLAN[cls] = plan
    return plan


class Tabel(SQLModel):
    """Base of every table model of wvggz (`class X(Tabel, table=True)`); behaves exactly like SQLModel.

    Construction: SQLModel sets every field (given, else its default) through `__setattr__`, i.e. SQLAlchemy's
    `set_attribute` with its events and history, ~40 % of a new row's cost. For a new (transient) object that
    amounts to: the value in `__dict__`, the attribute's previous value (none) recorded in `committed_state`,
    the state marked modified. `Tabel.__init__` writes exactly that for mapped columns, in SQLModel's order
    (given fields, then defaults), and sets fields_set/extra/private as SQLModel does; every other field, and
    every class `bouwplan` refuses, takes SQLModel's own construction."""

    def __init__(__pydantic_self__, **data: Any) -> None:  # noqa: N805 (SQLModel's own signature)
        self = __pydantic_self__
        plan = bouwplan(type(self)) if SNEL_BOUWEN else None
        staat = self.__dict__.get("_sa_instance_state")
        if plan is None or staat is None or staat.session_id is not None or not finish_init.get():
            super().__init__(**data)
            return
        gegeven = [(naam, kolom, data[naam]) for naam, kolom, _v, _f in plan if naam in data]
        standaard = [(naam, kolom, veld.get_default(call_default_factory=True) if isinstance(veld, FieldInfo) else veld)
                     for naam, kolom, verplicht, veld in plan if naam not in data and not verplicht]
        d, oud = self.__dict__, staat.committed_state
        for naam, kolom, waarde in gegeven + standaard:
            if kolom:
                if naam not in oud:
                    oud[naam] = d.get(naam, NO_VALUE)
                d[naam] = waarde
            else:
                SQLModel.__setattr__(self, naam, waarde)
        staat.modified = True
        object.__setattr__(self, "__pydantic_fields_set__", {naam for naam, _k, _w in gegeven})
        object.__setattr__(self, "__pydantic_extra__", None)
        object.__setattr__(self, "__pydantic_private__", None)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in (_KOLOMMEN.get(type(self)) or kolommen(type(self))):
            set_attribute(self, name, value)  # stores the value in __dict__ and records the change
            self.__pydantic_fields_set__.add(name)
        else:
            super().__setattr__(name, value)
