"""Settings from environment variables with the prefix WVGGZ_."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WVGGZ_", extra="ignore")

    database_url: str = f"sqlite:///{ROOT / 'var' / 'wvggz.db'}"
    # PostgreSQL: the migration login owns the schema; the user of database_url is the application role
    migratie_database_url: str | None = None
    database_eigenaar_rol: str = "wvggz_eigenaar"  # NOLOGIN owner of historie and toegang
    # retention in years per record type (wvggz/bewaartermijn/regels.py); null: never removed automatically
    bewaartermijnen: dict[str, int | None] = Field(default_factory=dict)
    gemeente: str = "Den Haag"
    omgeving: str = "productie"  # "ontwikkeling" only on a developer's machine (make run sets it)
    secret_key: str = ""  # at least 32 characters outside ontwikkeling (see wvggz/sleutel.py)
    https: bool | None = None  # Secure cookie + HSTS; None: on outside ontwikkeling
    session_max_age: int = 8 * 3600  # absolute lifetime of a page session (seconds)
    sessie_inactief_seconden: int = 1800  # a page session ends after this much inactivity
    token_geldig_dagen: int = 90  # lifetime of a new API token
    max_body_bytes: int = 1024 * 1024  # request body limit (413 above it)
    # threads per `wvggz serve` worker for sync endpoints and dependencies (anyio's default is 40): a few threads
    # finish requests sooner than many that take turns on one GIL and one database (ADR 0026)
    draden_per_werker: int = Field(default=3, ge=1, le=64)
    upload_paden: list[str] = Field(default_factory=list)  # path prefixes exempt from the limit (uploads)
    lokaal_inloggen: bool = True  # user name + password at /login; false: only OIDC (see oidc_*)
    oidc_issuer: str | None = None  # e.g. https://login.gemeente.example; None: no single sign-on
    oidc_client_id: str = "wvggz"
    oidc_client_secret: str = ""
    oidc_redirect_uri: str | None = None  # default: basis_url + /login/oidc/terug
    oidc_scope: str = "openid profile email"
    oidc_rol_claim: str = "wvggz_rol"  # claim with one of the roles (intake, projectleider, ovp, ...)
    oidc_gemeente_claim: str = "gemeente"  # claim with the gemeente (a list: the first one)
    inlog_max_pogingen: int = Field(default=5, ge=1)  # wrong passwords in a row before a lockout
    inlog_blokkade_minuten: int = Field(default=15, ge=1)
    inlog_per_adres: str = "20/minute"  # login attempts per client address (limits notation)
    inlog_per_account: str = "10/minute"  # login attempts per user name
    wijkteam_advies_werkdagen: int = 5
    extra_feestdagen: list[date] = Field(default_factory=list)
    bsn_opslaan: bool = False
    klokafwijking_minuten: int = 10
    ovp_verblijf_waarschuwing_uren: int = 12
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_tls: bool = True  # STARTTLS; set WVGGZ_SMTP_TLS=false only for a local test server
    smtp_user: str | None = None
    smtp_password: str | None = None
    mail_afzender: str = "wvggz-meldpunt@denhaag.example"
    basis_url: str = "http://127.0.0.1:8000"
    smtp_ssl: bool = False  # implicit TLS (port 465); smtp_tls means STARTTLS
    smtp_timeout: float = 10.0  # per socket read
    smtp_deadline_seconden: float = Field(default=60.0, gt=0)  # per message, however slowly the server answers
    relay_pas_seconden: float = Field(default=240.0, gt=0)  # a relay pass stops after this; keep below the claim
    relay_max_pogingen: int = Field(default=8, ge=1)  # after the last attempt a message is 'mislukt'
    relay_backoff_seconden: float = Field(default=60.0, gt=0)  # wait after attempt n: base * 2^(n-1)
    relay_backoff_max_seconden: float = Field(default=6 * 3600.0, gt=0)
    relay_claim_seconden: float = Field(default=300.0, gt=0)  # a claimed message is retried after this
    relay_batch: int = Field(default=100, ge=1)
    log_level: str = "INFO"
    ready_hartslag_seconden: int = Field(default=120, gt=0)  # /ready: scheduler heartbeat at most this old
    ready_outbox_drempel: int = Field(default=1000, ge=0)  # /ready: due outbox messages at most this many
    metrics_token: str | None = None  # /metrics needs `Authorization: Bearer <token>`; unset: /metrics is off
    documenten_map: Path = ROOT / "var" / "documenten"  # incoming files; outside the web root
    upload_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1)

    @property
    def oidc_terug(self) -> str:
        return self.oidc_redirect_uri or f"{self.basis_url.rstrip('/')}/login/oidc/terug"

    @property
    def ontwikkeling(self) -> bool:
        return self.omgeving == "ontwikkeling"

    @property
    def via_https(self) -> bool:
        return (not self.ontwikkeling) if self.https is None else self.https


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings (cached; tests build their own Settings)."""
    return Settings()
