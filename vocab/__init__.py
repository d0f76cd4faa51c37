"""The standards Atlas speaks: namespaces, RDF ⇄ record mappings, shapes and authority tables."""

import logging

# rdflib logs a traceback for every ill-typed literal (an empty xsd:date, say); the literal is
# kept as written, which is what a catalogue wants, so the noise is silenced.
logging.getLogger("rdflib.term").setLevel(logging.ERROR)
