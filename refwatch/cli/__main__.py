"""`python -m refwatch.cli`: the same as the `refwatch` command."""

from refwatch.cli import main

main()
