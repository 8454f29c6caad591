"""The DOCX handout exporter (``builder``)."""
