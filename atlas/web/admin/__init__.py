"""Pages for admins: sources and their harvest runs."""
