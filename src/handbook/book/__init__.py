"""Book → print: the whole book as one HTML document (Jinja2) and the PDF laid out by
WeasyPrint. Knows the model and `source` (for the theme and paths); never `slides`."""
