"""Links to the source video: which URLs may become links, and a URL that opens a given moment.

Shared by every exporter that links to the video (EPUB, DOCX, flashcards).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


def http_url(url: str | None) -> str | None:
    """*url* stripped, if it is an absolute http(s) URL without spaces or control characters, else ``None``.

    A ``javascript:``, ``file:`` or relative source must never become a link.
    """
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return None
    return url


def _is_host(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def video_link(url: str, ms: int) -> str:
    """*url* (an :func:`http_url`) opening at second ``ms // 1000`` of the video.

    YouTube takes ``t=83s`` in the query (replacing any ``t`` or ``start``),
    Vimeo ``#t=1m23s``, any other URL a W3C media fragment ``#t=83``.
    """
    secs = max(0, int(ms)) // 1000
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "youtu.be" or _is_host(host, "youtube.com") or _is_host(host, "youtube-nocookie.com"):
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("t", "start")]
        query.append(("t", f"{secs}s"))
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    if _is_host(host, "vimeo.com"):
        minutes, seconds = divmod(secs, 60)
        fragment = f"t={minutes}m{seconds}s" if minutes else f"t={seconds}s"
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, fragment))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, f"t={secs}"))
