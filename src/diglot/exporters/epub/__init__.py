"""The EPUB book exporter (``book``) and its stylesheet (``epub.css``)."""
