"""handbook: Markdown chapters to a print-ready PDF handbook and classroom decks."""

__version__ = "0.1.0"
