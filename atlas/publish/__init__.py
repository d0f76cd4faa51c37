"""Publishing channels: the DCAT-AP feed, the CKAN-compatible read API, and the SHACL quality checks."""
