"""Book → decks: the slide plan (pure), text and table fitting with the font's metrics, the
slide template's layouts and geometry, and drawing with python-pptx. Knows the model and
`source`; never `book`."""
