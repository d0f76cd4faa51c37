"""What partner portals harvest: the DCAT catalogue feed and the CKAN-compatible read API."""
