"""PostgreSQL rights that make the log tables unerasable by the application.

Two logins: the migration login (WVGGZ_MIGRATIE_DATABASE_URL) creates and owns the schema; the application
login (the user of WVGGZ_DATABASE_URL) may read and write the case tables but only SELECT and INSERT on
`historie` and `toegang`. Those two tables belong to a separate owner role (NOLOGIN, default
`wvggz_eigenaar`), so the application can neither TRUNCATE them, nor disable or drop their triggers,
nor UPDATE or DELETE a row.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url

log = logging.getLogger("wvggz.audit")

LOGTABELLEN = ("historie", "toegang")
_NAAM = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _q(naam: str) -> str:
    if not _NAAM.match(naam):
        raise ValueError(f"ongeldige rolnaam: {naam!r}")
    return f'"{naam}"'


def app_rol_uit_url(url: str | None) -> str | None:
    """Return the user name of a PostgreSQL URL (the application login), or None."""
    if not url:
        return None
    parsed = make_url(url)
    return parsed.username if parsed.get_backend_name() == "postgresql" else None


def rechten_ddl(conn: Connection, app_rol: str | None, eigenaar_rol: str | None = None) -> list[str]:
    """Return the statements that split owner and application rights; [] (with a warning) without an app role."""
    from wvggz.config import get_settings

    settings = get_settings()
    app_rol = app_rol or app_rol_uit_url(settings.database_url)
    eigenaar_rol = eigenaar_rol or settings.database_eigenaar_rol
    ik = conn.execute(text("SELECT current_user")).scalar_one()
    if not app_rol or app_rol == ik:
        log.warning("Geen aparte applicatierol (WVGGZ_DATABASE_URL gebruikt dezelfde login als de migratie): "
                    "de logtabellen zijn niet tegen de applicatie beschermd. Zie docs/adr/0009.")
        return []
    a, e = _q(app_rol), _q(eigenaar_rol)
    logs = ", ".join(LOGTABELLEN)
    return [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{eigenaar_rol}') "
        f"THEN CREATE ROLE {e} NOLOGIN; END IF; END $$",
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{app_rol}') "
        f"THEN CREATE ROLE {a} LOGIN; END IF; END $$",
        f"GRANT {e} TO CURRENT_USER",
        f"GRANT USAGE, CREATE ON SCHEMA public TO {e}",  # a table's owner needs CREATE on its schema
        *(f"ALTER TABLE {t} OWNER TO {e}" for t in LOGTABELLEN),
        *(f"ALTER FUNCTION {t}_append_only() OWNER TO {e}" for t in LOGTABELLEN),
        f"GRANT USAGE ON SCHEMA public TO {a}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {a}",
        f"REVOKE ALL ON {logs}, alembic_version FROM {a}",
        f"GRANT SELECT, INSERT ON {logs} TO {a}",
        f"GRANT SELECT ON alembic_version TO {a}",
        f"REVOKE DELETE ON audit_keten FROM {a}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {a}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {a}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {a}",
    ]
