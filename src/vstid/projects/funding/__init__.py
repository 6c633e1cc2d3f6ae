"""A project's funding: one line per funder (amount and currency, cash or in kind, the
funder's fiscal year) with committed, disbursed and spent per fiscal period, consolidated in
VND and USD at recorded exchange rates (vstid.rates)."""
