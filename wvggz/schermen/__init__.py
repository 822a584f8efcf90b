"""Read models for the staff screens: the projectleider's figures (counts, charts as SVG, CSV without
names) and the views behind the werkvoorraad, the melding page, the person page and the page header.

Everything here reads; the only writes are access-log rows for the person records a screen shows."""
