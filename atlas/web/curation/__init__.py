"""Pages for curators: record forms, concept CSV import and integrity findings."""
