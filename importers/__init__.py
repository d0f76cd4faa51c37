"""Getting data in: safe fetching and one importer per source kind, each a generator of records."""
