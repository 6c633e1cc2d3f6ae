"""Recorded exchange rates: reference data entered by coordinators (or imported from CSV),
never fetched at run time. Funding lines, programs and technology offers convert with them."""
