"""Authority tables Atlas ships: the EU vocabularies it uses, with their labels."""
