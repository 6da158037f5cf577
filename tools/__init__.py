"""Developer tools for the handbook: not part of the installed package."""
