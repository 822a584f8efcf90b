"""One door for every case: the case kinds (melding, crisismaatregel, beroep, triage) as descriptors and the
one pipeline every action on a case goes through (docs/adr/0011-een-deur.md)."""
