"""Builders for the crisismaatregel through its services: a request, an action, prepared, a duty completed."""

from __future__ import annotations

from wvggz.crisismaatregelen import service
from wvggz.crisismaatregelen.models import Crisismaatregel
from wvggz.crisismaatregelen.schemas import CrisismaatregelCreate
from wvggz.crisismaatregelen.soort import CRISISMAATREGEL_ZAAK
from wvggz.taken.service import taken_van
from wvggz.zaken import pijplijn


def aanvraag(**over) -> CrisismaatregelCreate:
    data = {"betrokkene": {"voornaam": "Jan", "achternaam": "de Vries", "geboortedatum": "1971-03-02"},
            "aangevraagd_door": "crisisdienst", "gemeente_verblijf": "Den Haag", "locatie": "OVP Den Haag"}
    return CrisismaatregelCreate.model_validate(data | over)


def start(session, clock, gebruikers, settings, wie="bm", **over) -> Crisismaatregel:
    return service.start(session=session, clock=clock, actor=gebruikers[wie][0], data=aanvraag(**over),
                         settings=settings)


def actie(session, clock, gebruikers, settings, cm, naam, wie="bm", **velden) -> Crisismaatregel:
    return pijplijn.voer_actie_uit(session=session, clock=clock, actor=gebruikers[wie][0],
                                  soort=CRISISMAATREGEL_ZAAK, zaak_id=cm.id, actie=naam, versie=cm.versie, velden=velden,
                                  settings=settings)


def voorbereid(session, clock, gebruikers, settings, **over) -> Crisismaatregel:
    """A request with the medische verklaring and the hearing recorded: ready for the decision."""
    cm = start(session, clock, gebruikers, settings, **over)
    cm = actie(session, clock, gebruikers, settings, cm, "registreer_medische_verklaring",
               psychiater="Dr. A. Jansen", psychiater_onafhankelijk=True)
    return actie(session, clock, gebruikers, settings, cm, "registreer_horen", gehoord=True,
                 gehoord_door="Wethouder namens de burgemeester")


def rond_af(session, clock, gebruikers, cm, soort, **kw):
    taak = next(t for t in taken_van(session, "crisismaatregel", cm.id) if t.soort == soort)
    return service.rond_taak_af(session=session, clock=clock, actor=gebruikers["bm"][0], crisismaatregel_id=cm.id,
                                taak_id=taak.id, **kw)


def genomen(session, clock, gebruikers, settings, besloten_op=None, bekendmaking_op=None, **over):
    cm = voorbereid(session, clock, gebruikers, settings, **over)
    besloten = besloten_op or clock.now()
    return actie(session, clock, gebruikers, settings, cm, "neem_maatregel", zorgvormen=["opname", "medicatie"],
                 motivering_minder_ingrijpend="Vrijwillige opname geweigerd; ambulant onvoldoende.",
                 besloten_op=besloten.isoformat(), bekendmaking_op=(bekendmaking_op or besloten).isoformat())
