"""Agencies' submissions: the validation gate, the tabular (CSV/XLSX) readers and fill-in templates."""
