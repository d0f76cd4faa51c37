"""Harvesting: runs that read a source page by page into the catalogue, and the registered sources."""
