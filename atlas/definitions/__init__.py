"""Definitions (begrippen): schemes and concepts browsed, curated, imported as CSV and checked."""
