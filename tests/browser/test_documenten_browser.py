"""The burgemeester issues the beschikking from the crisismaatregel page and downloads it in a real browser."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.factories.browser import BREED, inloggen

pytestmark = pytest.mark.browser


def test_beschikking_uitgeven_en_downloaden(live, browser, schermafdruk, tmp_path):
    url, _gebruikers, _klok = live
    context = browser.new_context(viewport=BREED, accept_downloads=True)
    page = context.new_page()
    inloggen(page, url, "bm")
    page.wait_for_url(re.compile(r"/crisismaatregelen$"))
    page.locator("a[href^='/crisismaatregelen/']").filter(has_text=re.compile(r"CM-")).first.click()
    page.wait_for_url(re.compile(r"/crisismaatregelen/\d+$"))
    page.get_by_role("button", name="Beschikking crisismaatregel uitgeven").click()
    page.wait_for_url(re.compile(r"/crisismaatregelen/\d+(#documenten)?$"))
    assert page.get_by_role("status").inner_text().startswith("Beschikking crisismaatregel is uitgegeven")
    schermafdruk(page, "crisismaatregel_documenten")
    with page.expect_download() as info:
        page.locator("#documenten a[download]").first.click()
    download = info.value
    assert re.fullmatch(r"beschikking_crisismaatregel_CM-\d{4}-\d{6}_v1\.pdf", download.suggested_filename)
    pad = tmp_path / "beschikking.pdf"
    download.save_as(pad)
    tekst = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pad.read_bytes())).pages)
    assert "Beschikking crisismaatregel" in tekst and "binnen drie weken" in tekst and "opname" in tekst
    page.emulate_media(media="print")
    assert not page.locator("header.kop").is_visible()  # the print view hides the controls
    context.close()
