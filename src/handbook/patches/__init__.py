"""Work-arounds for steps of our dependencies (pydyf, python-pptx) whose cost grows with the
square of the book's length, each guarded by a check of the code it stands in for."""
