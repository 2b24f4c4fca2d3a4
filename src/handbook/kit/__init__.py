"""The trainer's kit: the participants' handout and the trainer guide. Both print the slide
plan through WeasyPrint, so this folder uses `book` and `slides`."""
