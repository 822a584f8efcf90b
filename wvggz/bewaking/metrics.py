"""Prometheus figures: request counters live in the web process; case and outbox figures are read from the
database at scrape time (so every worker answers the same). No names, ids or health details in labels."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlmodel import func, select

from notifications.outbox import MISLUKT, VERZONDEN, WACHTEND, Bericht
from wvggz.bewaking.models import Hartslag
from wvggz.clock import Clock
from wvggz.db import SessionFactory
from wvggz.escalaties.models import Escalatie
from wvggz.termijnen.models import Termijn

VERZOEKEN_NAAM = "wvggz_http_verzoeken"
LATENTIE_NAAM = "wvggz_http_latentie_seconden"


class Verzoeken:
    """Requests and latency per route template and status (one set per app)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.aantal = Counter(VERZOEKEN_NAAM, "HTTP-verzoeken per route en status",
                              ["methode", "route", "status"], registry=registry)
        self.latentie = Histogram(LATENTIE_NAAM, "Duur van HTTP-verzoeken per route", ["methode", "route"],
                                  registry=registry)

    def tel(self, methode: str, route: str, status: int, seconden: float) -> None:
        self.aantal.labels(methode, route, str(status)).inc()
        self.latentie.labels(methode, route).observe(seconden)


class Zaakcijfers:
    """Collector reading the database at scrape time."""

    def __init__(self, factory: SessionFactory, clock: Clock) -> None:
        self.factory, self.clock = factory, clock

    def collect(self):  # noqa: ANN201
        from wvggz.crisismaatregelen.models import Beroep, Crisismaatregel
        from wvggz.meldingen.models import Melding
        from wvggz.triage.models import Triage

        now = self.clock.now()
        open_ = GaugeMetricFamily("wvggz_zaken_open", "Open zaken per soort en status", labels=["soort", "status"])
        te_laat = GaugeMetricFamily("wvggz_termijnen_verstreken", "Open termijnen waarvan het eindmoment voorbij is",
                                    labels=["soort"])
        escal = GaugeMetricFamily("wvggz_escalaties_onbevestigd", "Escalaties zonder bevestiging")
        outbox = GaugeMetricFamily("wvggz_outbox_berichten", "Outbox per kanaal en status",
                                   labels=["kanaal", "status"])
        achterstand = GaugeMetricFamily("wvggz_outbox_achterstand", "Wachtende berichten die nu al weg hadden gemoeten",
                                        labels=["kanaal"])
        laatst = GaugeMetricFamily("wvggz_job_laatst_unix", "Laatste run van een job (Unix-tijd)", labels=["job"])
        duur = GaugeMetricFamily("wvggz_job_duur_seconden", "Duur van de laatste run van een job", labels=["job"])
        with self.factory() as s:
            for soort, model in (("melding", Melding), ("crisismaatregel", Crisismaatregel), ("beroep", Beroep),
                                 ("triage", Triage)):
                kolom = model.status
                q = select(kolom, func.count()).group_by(kolom)
                if hasattr(model, "open"):
                    q = q.where(model.open.is_(True))
                for status, n in s.exec(q).all():
                    open_.add_metric([soort, str(status)], n)
            for soort, n in s.exec(select(Termijn.soort, func.count()).where(
                    Termijn.status == "lopend", Termijn.eindmoment < now).group_by(Termijn.soort)).all():
                te_laat.add_metric([soort], n)
            escal.add_metric([], s.exec(select(func.count()).select_from(Escalatie).where(
                Escalatie.bevestigd_op.is_(None))).one())
            for kanaal, status, n in s.exec(select(Bericht.kanaal, Bericht.status, func.count()).group_by(
                    Bericht.kanaal, Bericht.status)).all():
                outbox.add_metric([kanaal, status], n)
            for kanaal, n in s.exec(select(Bericht.kanaal, func.count()).where(
                    Bericht.status == WACHTEND, Bericht.volgende_poging_op <= now).group_by(Bericht.kanaal)).all():
                achterstand.add_metric([kanaal], n)
            for slag in s.exec(select(Hartslag)).all():
                laatst.add_metric([slag.naam], slag.laatst_op.timestamp())
                if slag.duur_ms is not None:
                    duur.add_metric([slag.naam], slag.duur_ms / 1000)
            s.rollback()
        yield from (open_, te_laat, escal, outbox, achterstand, laatst, duur)


def registry_voor(factory: SessionFactory, clock: Clock) -> tuple[CollectorRegistry, Verzoeken]:
    registry = CollectorRegistry()
    registry.register(Zaakcijfers(factory, clock))
    return registry, Verzoeken(registry)


def tekst(registry: CollectorRegistry) -> bytes:
    return generate_latest(registry)


__all__ = ["MISLUKT", "VERZONDEN", "registry_voor", "tekst"]
