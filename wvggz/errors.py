"""Domain errors. The API maps them: NotFound 404 (BuitenGemeente too), Forbidden 403, InvalidTransition and
ConflictError 409, MissingField 422 (MogelijkeDubbele adds `kandidaten`)."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: `veld` names the field at fault where there is one."""

    def __init__(self, message: str, *, veld: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.veld = veld


class NotFound(DomainError):
    pass


class BuitenGemeente(NotFound):
    """A case of another gemeente: answered exactly like a missing one (same status, same message), so a 404
    never tells whether it exists; the web layer still logs the attempt as refused."""


class Forbidden(DomainError):
    pass


class InvalidTransition(DomainError):
    def __init__(self, message: str, *, toegestaan: list[str] | None = None) -> None:
        super().__init__(message, veld="actie")
        self.toegestaan = toegestaan or []


class ConflictError(DomainError):
    pass


class MissingField(DomainError):
    def __init__(self, veld: str, message: str) -> None:
        super().__init__(message, veld=veld)


class MogelijkeDubbele(MissingField):
    """A new person matches known persons of the gemeente: choose one (`kandidaten`) or confirm new."""

    def __init__(self, veld: str, message: str, *, kandidaten: list[int]) -> None:
        super().__init__(veld, message)
        self.kandidaten = kandidaten
