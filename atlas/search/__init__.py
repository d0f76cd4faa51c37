"""Search: query types, the whoosh index, query building, documents and the one search call."""
