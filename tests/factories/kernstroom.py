"""Builders for the core-flow browser tests: a flow that clicks through the pages as a user would, counts what
it does (clicks, fields filled, page loads) and checks every step: nothing scrolls sideways, axe-core finds no
serious or critical violation, and a full-page screenshot is kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.factories import BROWSER_WACHTWOORD

AXE = Path(__file__).resolve().parents[1] / "browser" / "node_modules" / "axe-core" / "axe.min.js"

# The page and every scroll box in <main> fit the window (the diagram may scroll: it is a picture).
ZIJWAARTS = """() => {
  const uit = [];
  if (document.documentElement.scrollWidth > window.innerWidth)
    uit.push(`pagina ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
  for (const el of document.querySelectorAll('main *')) {
    const st = getComputedStyle(el);
    if ((st.overflowX === 'auto' || st.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1
        && !el.closest('.diagram'))
      uit.push(`${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth} > ${el.clientWidth}`);
  }
  return uit;
}"""

AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
}"""


@dataclass
class Stroom:
    """One role's flow at one window width. Every user action goes through `klik`, `vul`, `kies` or `vink`
    so that the flow counts itself; `stap` checks the page the user now sees."""

    page: object
    naam: str  # e.g. "intake-390": prefix of the screenshots
    map: Path
    klikken: int = 0
    velden: int = 0
    laden: int = 0
    stappen: int = 0
    problemen: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("load", self._geladen)

    def _geladen(self, _page) -> None:  # noqa: ANN001
        self.laden += 1

    def klik(self, locator) -> None:  # noqa: ANN001
        locator.click()
        self.klikken += 1

    def vink(self, locator) -> None:  # noqa: ANN001
        """Tick a checkbox or choose a radio button: one click."""
        locator.check()
        self.klikken += 1

    def vul(self, locator, waarde: str) -> None:  # noqa: ANN001
        locator.fill(waarde)
        self.velden += 1

    def kies(self, locator, **optie) -> None:  # noqa: ANN001, ANN003
        """Choose an option in a select (value= or label=): one field."""
        locator.select_option(**optie)
        self.velden += 1

    def open_actie(self, label: str):  # noqa: ANN201
        """Open the action's small form on a case page (one click on its summary); return the form."""
        self.klik(self.page.locator("details.actie > summary", has_text=re.compile(f"^{re.escape(label)}$")))
        return self.page.locator("details.actie[open] form")

    def inloggen(self, url: str, gebruiker: str) -> None:
        self.page.goto(f"{url}/login")
        self.vul(self.page.get_by_label("Gebruikersnaam"), gebruiker)
        self.vul(self.page.get_by_label("Wachtwoord"), BROWSER_WACHTWOORD)
        self.klik(self.page.get_by_role("button", name="Inloggen"))
        self.page.wait_for_url(re.compile(r"/(?!login)[a-z]"))

    def stap(self, naam: str) -> None:
        """Check the page now shown: no sideways scroll, no serious/critical axe violation; keep a screenshot."""
        self.page.wait_for_load_state("load")
        self.stappen += 1
        waar = f"{self.naam} {self.stappen:02d}-{naam}"
        assert self.page.locator("h1").count() >= 1, f"{waar}: geen pagina"
        self.problemen += [f"{waar} schuift opzij: {f}" for f in self.page.evaluate(ZIJWAARTS)]
        self.page.add_script_tag(path=str(AXE))
        self.problemen += [f"{waar} axe {f}" for f in self.page.evaluate(AXE_RUN)]
        self.map.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(self.map / f"{self.naam}-{self.stappen:02d}-{naam}.png"), full_page=True)

    def telling(self) -> dict[str, int]:
        return {"klikken": self.klikken, "velden": self.velden, "paginaladingen": self.laden}
