"""What a secret is in action data and rendered messages, and how it is blanked.

Plain functions over data, shared by the recorder, trace and log redaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from homeassistant.core import Event

REDACTED = "**REDACTED**"
SECRET_FIELDS = frozenset(
    {
        "pin",
        "duress_pin",
        "code",
        "passphrase",
        "credential_data",
        "usercode",
        # an authenticator's enrolment: its secret, the URI and QR code that carry it
        "secret",
        "uri",
        "qr_code",
    }
)

_KEYS = "|".join(sorted(SECRET_FIELDS))
#: `"pin": "123"`, `'pin': 123` (JSON and Python reprs) and `pin=123` (Home Assistant's reprs)
_QUOTED = re.compile(rf"""(["'])({_KEYS})\1(\s*:\s*)(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^,}}\s]+)""")
_ASSIGNED = re.compile(rf"(?<![\w\"'])({_KEYS})=[^,>)\]]*")


def is_secret_field(key: object) -> bool:
    """Return whether a field of action data holds a secret."""
    return str(key).lower() in SECRET_FIELDS


def redact(value: Any, known: Iterable[str] = (), *, fields: bool = True) -> Any:
    """Return a copy of action data with every secret field's value replaced.

    A value that holds one of the `known` secrets loses it as well (text keeps the
    rest; a number that spells it is replaced); with `fields` false, only that. An
    event (a trigger's, in a run's variables) is copied with its data redacted.
    """
    known = tuple(known)
    if isinstance(value, Event):  # a trigger's event, in a run's variables
        data = redact(value.data, known, fields=fields)
        if data == value.data:
            return value
        fired = value.time_fired_timestamp
        return Event(value.event_type, data, value.origin, fired, value.context)
    if isinstance(value, Mapping):
        return {
            k: REDACTED if fields and is_secret_field(k) else redact(v, known, fields=fields)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(v, known, fields=fields) for v in value]
    if isinstance(value, str):
        return scrub(value, known)
    if isinstance(value, int) and not isinstance(value, bool) and str(value) in known:
        return REDACTED
    return value


def scrub(text: str, known: Iterable[str]) -> str:
    """Remove known secrets from text."""
    for secret in known:
        text = text.replace(secret, REDACTED)
    return text


def redact_text(text: str, known: Iterable[str] = ()) -> str:
    """Replace the values of secret fields in a rendered message (JSON or a repr)."""
    text = scrub(text, known)
    if not any(key in text for key in SECRET_FIELDS):
        return text
    text = _QUOTED.sub(lambda m: f"{m[1]}{m[2]}{m[1]}{m[3]}{m[1]}{REDACTED}{m[1]}", text)
    return _ASSIGNED.sub(lambda m: f"{m[1]}={REDACTED}", text)


def carries_secret(value: Any) -> bool:
    """Return whether action data has a secret field anywhere in it."""
    if isinstance(value, Mapping):
        return any(is_secret_field(k) or carries_secret(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(carries_secret(v) for v in value)
    return False


def secret_values(value: Any) -> list[str]:
    """Return the secrets action data holds, as text."""
    if isinstance(value, Mapping):
        found: list[str] = []
        for k, v in value.items():
            if is_secret_field(k) and isinstance(v, str | int) and not isinstance(v, bool):
                found.append(str(v))
            else:
                found += secret_values(v)
        return [s for s in found if s and s != REDACTED]
    if isinstance(value, list | tuple):
        return [s for v in value for s in secret_values(v)]
    return []


def mentions(value: Any, secret: str) -> bool:
    """Return whether a secret appears anywhere in data."""
    if isinstance(value, Mapping):
        return any(mentions(v, secret) for v in value.values())
    if isinstance(value, list | tuple):
        return any(mentions(v, secret) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) == secret
    return isinstance(value, str) and secret in value
