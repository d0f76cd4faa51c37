"""Pages for everyone: home, search, record pages and the definitions."""
