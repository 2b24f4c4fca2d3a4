"""`handbook preview`: the book's HTML on localhost, rebuilt when a source changes. Wires
`source` and `book` like a build does; serves files from the project and the defaults only."""
