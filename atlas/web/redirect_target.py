"""Where to send a browser after signing in: a path on this site, whatever the link said."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit


def local_path(target: str | None) -> str | None:
    """Return target when it is a path on this site as a browser would read it, else None."""
    # Browsers drop TAB, CR and LF inside URLs and read "\" as "/", so "/\t/evil.example" and
    # "/\evil.example" lead off-site; control characters would also break the Location header.
    if not target or len(target) > 2000:
        return None
    if "\\" in target or any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
                             or c.isspace() for c in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return target
