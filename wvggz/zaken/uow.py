"""The unit of work every change of a case runs in."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from wvggz.db import schrijf
from wvggz.errors import ConflictError
from wvggz.rijen import schrijf_wijzigingen

GEWIJZIGD = "Deze zaak is intussen door iemand anders gewijzigd. Laad de pagina opnieuw."
# PostgreSQL: serialization failure, deadlock, lock not available: another writer won the race.
_VERLOREN_RACE = {"40001", "40P01", "55P03"}


def _verloren_race(exc: BaseException | None) -> bool:
    if isinstance(exc, StaleDataError):
        return True
    code = getattr(getattr(exc, "orig", None), "sqlstate", None) if isinstance(exc, DBAPIError) else None
    return code in _VERLOREN_RACE


class UnitOfWork:
    """`with UnitOfWork(session, gewijzigd) as session:` commits when the block succeeds and rolls back on any
    error; the changed rows are written with one Core UPDATE each just before the commit
    (`wvggz.rijen.schrijf_wijzigingen`); a write that lost a race (stale version, deadlock), in the block or
    at commit, becomes ConflictError(gewijzigd), answered with 409. Nothing of a failed block stays in the database."""

    def __init__(self, session: Session, gewijzigd: str = GEWIJZIGD) -> None:
        self.session, self.gewijzigd = session, gewijzigd

    def __enter__(self) -> Session:
        schrijf(self.session)  # a read transaction before the change ends here: the writer starts fresh
        return self.session

    def __exit__(self, typ: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> bool:
        if typ is None:
            try:
                schrijf_wijzigingen(self.session)  # changed rows as Core UPDATEs: the commit has nothing to flush
                self.session.commit()
                return False
            except BaseException as fout:
                self.session.rollback()
                if _verloren_race(fout):
                    raise ConflictError(self.gewijzigd) from None
                raise
        self.session.rollback()
        if _verloren_race(exc):
            raise ConflictError(self.gewijzigd) from None
        return False
