"""The RDF projection: the Oxigraph store and the projector that keeps the projections current."""
