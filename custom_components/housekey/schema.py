"""The schema library Home Assistant validates with.

Home Assistant 2026.10 moved from voluptuous to probatio (same API); forms and actions take the
schema type of the running release.
"""

from __future__ import annotations

try:
    import probatio as vol
except ImportError:  # Home Assistant 2026.8 and 2026.9
    import voluptuous as vol  # type: ignore[no-redef]

__all__ = ["vol"]
