"""One module per notebook template, named like it.

Each ``run`` loads its input, calls the analyses, writes the chapter's tables and returns one
result (numbers to glue, figures, tables); the sentences whose wording depends on the data are
made here, everything else stays in the notebook's markdown.
"""
