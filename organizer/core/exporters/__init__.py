"""Getting people out: CSV (see csv_export)."""
