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
    gemeente: str = "Den Haag"
    secret_key: str = "dev-only-change-me"
    session_https_only: bool = False
    session_max_age: int = 8 * 3600
    wijkteam_advies_werkdagen: int = 5
    extra_feestdagen: list[date] = Field(default_factory=list)
    bsn_opslaan: bool = False
    klokafwijking_minuten: int = 10
    ovp_verblijf_waarschuwing_uren: int = 12
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_tls: bool = False
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


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings (cached; tests build their own Settings)."""
    return Settings()
