"""`python -m atlas.cli`: the `atlas` command without its installed script."""

from atlas.cli import main

main()
