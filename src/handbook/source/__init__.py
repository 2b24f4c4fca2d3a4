"""Project folder → Book: handbook.toml, front matter, the one Markdown parse per chapter (its
print HTML and its captured tree), tree → blocks, glossary terms and index marks, images and
raw HTML checks, the words of the book's language and where styles come from.

Imports only the model, errors and the helpers beside them (`links`, `palette`, `plaintext`);
never `book`, `slides`, `kit`, `build` or `cli`.
"""
