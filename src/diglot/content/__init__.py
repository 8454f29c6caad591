"""What books (EPUB) and handouts (DOCX) select from a document: shared content logic above the model, below the exporters."""
