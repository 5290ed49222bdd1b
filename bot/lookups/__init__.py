"""Real clients for the lookups a check makes: e-Gov law text, Crossref, linked pages."""
