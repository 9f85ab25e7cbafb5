"""Everything an action receives is checked here, before anything is saved.

Two layers. The action schemas call the field checks: they turn what Home
Assistant hands over (YAML, JSON from the frontend, rendered templates) into
typed, bounded values. The household runtime then calls the household checks,
which need the household: names unique, locks known, PIN rules, dates that end
after they start, weekly windows within the household's limits that never overlap
and fall between the dates. Every refusal is a translated ServiceValidationError
naming the field. Voluptuous passes it through untouched, so neither a bare
exception nor an untranslated message reaches the caller.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .core.codes import MAX_BOOK_CODES
from .core.held import Taken
from .core.household_file import MIN_PASSPHRASE_LENGTH, HouseholdFileError, check_passphrase
from .core.model import Household, NoDays, Person, Role, WeeklyWindow
from .core.names import MAX_NAME_LENGTH, clean_name, looks_like_id
from .core.policy import PinPolicy, RecentCodes, check_pin, fitting_length, generate_pin
from .core.windows import WindowLimits, describe, first_overlap, length, opens_between
from .providers.base import Capabilities

if TYPE_CHECKING:
    from .arguments import NewPersonArgs, UpdatePersonArgs

#: years a date may fall in, both in the household's time zone and in UTC
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_USES = 10_000
MAX_WEEKLY_WINDOWS = 28
MAX_TIMEOUT = 600.0
#: the most digits a code typed at a keypad may have
MAX_CODE = 32
#: characters of text read at all; longer input is refused before it is normalised
MAX_TEXT = 1_000

#: a PIN as an action receives it: text, a number (YAML or a rendered template), or nothing
type PinInput = str | int | None


#: the label the action form shows for each field (its name in strings.json `services`):
#: messages name a field as the user sees it; `field` keeps the key for automations
FIELD_LABELS = {
    "config_entry_id": "Household",
    "name": "Name",
    "role": "Role",
    "pin": "PIN",
    "locks": "Locks",
    "valid_from": "Valid from",
    "valid_until": "Valid until",
    "weekly": "Weekly hours",
    "max_uses": "Maximum uses",
    "duress_pin": "Duress PIN",
    "ha_user": "Home Assistant user",
    "sponsor": "Sponsor",
    "person": "Person",
    "timeout": "Timeout",
    "lock": "Lock",
    "code": "Code",
    "from": "From",
    "until": "Until",
    "count": "Count",
    "path": "File",
    "passphrase": "Passphrase",
    "start": "Start",
    "end": "End",
    "format": "Format",
}


def invalid(key: str, field_name: str, **placeholders: str) -> ServiceValidationError:
    """Build the translated error for bad input that names the field."""
    label = FIELD_LABELS.get(field_name, field_name)
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={"field": field_name, "label": label, **placeholders},
    )


class AdminRequired(Unauthorized, ServiceValidationError):
    """The refusal for a Home Assistant user who is not an admin.

    Home Assistant's permission handling sees an Unauthorized. The websocket
    `call_service` command sees a translated validation error. Without that, it logs
    any other HomeAssistantError as an "Unexpected exception" with a traceback.
    """

    def __init__(self, context: Context, key: str = "admin_required") -> None:
        """Refuse the user of a call (`key`: why, where they may manage some things)."""
        super().__init__(context=context)
        self.translation_domain = DOMAIN
        self.translation_key = key
        self.translation_placeholders = {}
        self.generate_message = True


def shown(value: Any) -> str:
    """Return user input as it may appear in a message: its written form, shortened."""
    return clean_name(str(value)[:MAX_TEXT])[:MAX_NAME_LENGTH]


# ---- field checks (called by the action schemas) -------------------------------------------


def text(field_name: str) -> Callable[[Any], str]:
    """Check a text field; a number (a rendered template) is read as its digits."""

    def check(value: Any) -> str:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**MAX_TEXT:
            value = str(value)
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise invalid("bad_text", field_name)
        return value

    return check


def name(value: Any) -> str:
    """Return a person's name in its written form, or refuse it."""
    written = clean_name(text("name")(value))
    if not written:
        raise invalid("name_empty", "name")
    if len(written) > MAX_NAME_LENGTH:
        raise invalid("name_too_long", "name", max=str(MAX_NAME_LENGTH))
    if looks_like_id(written):
        raise invalid("name_like_id", "name", name=written)
    return written


def pin(field_name: str) -> Callable[[Any], PinInput]:
    """Check the type of a PIN field; `None` asks for a generated PIN (or none)."""

    def check(value: Any) -> PinInput:
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value  # kept a number: whether zeros were lost depends on the policy
        raise invalid("pin_not_digits", field_name)

    return check


def passphrase(value: Any) -> str:
    """Check a passphrase: text of at least MIN_PASSPHRASE_LENGTH characters (never shown)."""
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise invalid("bad_text", "passphrase")
    try:
        return check_passphrase(value)
    except HouseholdFileError as err:
        raise invalid(err.problem.value, "passphrase", min=str(MIN_PASSPHRASE_LENGTH)) from err


def moment(field_name: str) -> Callable[[Any], datetime | None]:
    """Read a date and time; without an offset it is household time.

    It must fall within FIRST_YEAR..LAST_YEAR both at home and in UTC, so
    every later conversion, comparison and timer stays in range.
    """

    def check(value: Any) -> datetime | None:
        if value is None:
            return None
        parsed = _parse_datetime(value)
        if parsed is None:
            raise invalid("bad_datetime", field_name)
        tz = dt_util.get_default_time_zone()
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=tz)
        try:
            years = {parsed.astimezone(tz).year, parsed.astimezone(UTC).year}
        except (OverflowError, ValueError):
            years = {0}
        if not all(FIRST_YEAR <= year <= LAST_YEAR for year in years):
            raise invalid(
                "date_out_of_range", field_name, first=str(FIRST_YEAR), last=str(LAST_YEAR)
            )
        return parsed

    return check


def _parse_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        return None
    try:
        return dt_util.parse_datetime(value.strip())
    except (ValueError, OverflowError, TypeError):
        return None


def _whole(value: Any, low: int, high: int) -> int | None:
    """Read a whole number from `low` to `high` in any form (3, 3.0, "3"); None if it is not."""
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and len(value) <= MAX_TEXT:
        number = _number(value)
    if number is None or not math.isfinite(number) or number != int(number):
        return None
    return int(number) if low <= number <= high else None


def _bounded(value: Any, high: int, key: str, field_name: str) -> int | None:
    """Read a field that is a whole number from 1 to `high`, or nothing."""
    if value is None:
        return None
    if (number := _whole(value, 1, high)) is None:
        raise invalid(key, field_name, max=str(high))
    return number


def max_uses(value: Any) -> int | None:
    """Read a maximum number of uses: a whole number from 1 to MAX_USES, in any form."""
    return _bounded(value, MAX_USES, "bad_max_uses", "max_uses")


def book_count(value: Any) -> int | None:
    """Read how many code-book codes to issue: a whole number from 1 to MAX_BOOK_CODES."""
    return _bounded(value, MAX_BOOK_CODES, "bad_count", "count")


def door_code(value: Any) -> str:
    """Read a code typed at a keypad: digits, as text (a template may render them a number).

    A rendered template keeps a leading zero as text, so a number is exactly its digits.
    The message never repeats what was typed.
    """
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**MAX_CODE:
        value = str(value)
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()):
        raise invalid("bad_code", "code", max=str(MAX_CODE))
    if len(value) > MAX_CODE:
        raise invalid("bad_code", "code", max=str(MAX_CODE))
    return value


def lock_id(value: Any) -> str:
    """Read one lock's entity id (which lock it is is checked against the household later)."""
    return text("lock")(value).strip().lower()


def _number(value: str) -> float | None:
    try:
        return int(value)
    except ValueError:
        pass
    try:
        return float(value)
    except ValueError:
        return None


def timeout(value: Any) -> float:
    """Read a timeout in seconds, from 0 to MAX_TIMEOUT."""
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str) and len(value) <= MAX_TEXT:
        number = _number(value)
    if number is None or not math.isfinite(number) or not 0 <= number <= MAX_TIMEOUT:
        raise invalid("bad_timeout", "timeout", max=str(int(MAX_TIMEOUT)))
    return float(number)


def role(value: Any) -> Role:
    """Read a role."""
    if isinstance(value, str) and value.strip().lower() in Role:
        return Role(value.strip().lower())
    raise invalid("bad_role", "role")


def weekly(value: Any) -> list[WeeklyWindow]:
    """Read weekly windows: a list of {days, start, end} (one window alone will do)."""
    if value is None:
        return []
    items = [value] if isinstance(value, Mapping) else value
    if not isinstance(items, list | tuple) or len(items) > MAX_WEEKLY_WINDOWS:
        raise invalid("bad_weekly", "weekly")
    try:
        return [WeeklyWindow.from_dict(dict(item)) for item in items]
    except NoDays as err:
        raise invalid("weekly_no_days", "weekly", window=describe(err.window)) from err
    except (KeyError, TypeError, ValueError) as err:
        raise invalid("bad_weekly", "weekly") from err


def lock_ids(value: Any) -> list[str] | None:
    """Read a list of lock entity ids; `None` means every lock."""
    if value is None:
        return None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise invalid("unknown_lock", "locks", lock=shown(value))
    locks = []
    for item in items:
        if not isinstance(item, str):
            raise invalid("unknown_lock", "locks", lock=shown(item))
        locks.append(item.strip().lower())
    return locks


# ---- household checks (called by the runtime's mutations) ----------------------------------


def resolve(household: Household, ref: str, field_name: str = "person") -> Person:
    """Find a person by id or name, or raise a translated error naming the field."""
    person = household.find(ref)
    if person is None:
        raise invalid("unknown_person", field_name, person=shown(ref))
    return person


def current(household: Household, ref: str, field_name: str = "person") -> Person:
    """Find a person who is not offboarded."""
    person = resolve(household, ref, field_name)
    if person.offboarded_at is not None:
        raise invalid("person_offboarded", field_name, person=shown(ref))
    return person


def check_name(household: Household, written: str, besides: str | None) -> str:
    """Refuse a name someone else in the household has (compared in written form, folded)."""
    if household.name_taken(written, besides=besides):
        raise invalid("name_taken", "name", name=written)
    return written


def check_sponsor(household: Household, sponsor: str | None) -> str | None:
    """Return the person id of a guest's sponsor."""
    return None if sponsor is None else current(household, sponsor, "sponsor").person_id


async def check_user(hass: HomeAssistant, user_id: str | None) -> str | None:
    """Refuse a Home Assistant user id that names nobody."""
    if user_id is not None and await hass.auth.async_get_user(user_id) is None:
        raise invalid("unknown_user", "ha_user")
    return user_id


def check_locks(known: Collection[str], locks: list[str] | None) -> tuple[str, ...] | None:
    """Refuse locks the household does not manage; `None` stays every lock."""
    if locks is None:
        return None
    for lock in locks:
        if lock not in known:
            raise invalid("unknown_lock", "locks", lock=shown(lock))
    return tuple(dict.fromkeys(locks))


def check_window(
    valid_from: datetime | None, valid_until: datetime | None, role: Role
) -> tuple[datetime | None, datetime | None]:
    """Refuse a window that ends before it starts, and a guest without an end."""
    if valid_from and valid_until and valid_until <= valid_from:
        raise invalid("end_before_start", "valid_until")
    if role is Role.GUEST and valid_until is None:
        raise invalid("guest_needs_end", "valid_until")
    return valid_from, valid_until


def check_weekly(windows: Sequence[WeeklyWindow], limits: WindowLimits) -> tuple[WeeklyWindow, ...]:
    """Refuse windows of no time, longer or more than the household allows, or overlapping."""
    if len(windows) > limits.max_windows:
        raise invalid(
            "weekly_too_many", "weekly", count=str(len(windows)), max=str(limits.max_windows)
        )
    for window in windows:
        minutes = length(window)
        if not minutes:
            raise invalid("weekly_zero_length", "weekly", window=describe(window))
        if minutes > limits.max_hours * 60:
            raise invalid(
                "weekly_too_long", "weekly", window=describe(window), max=str(limits.max_hours)
            )
    if overlap := first_overlap(windows):
        first, second = overlap
        raise invalid("weekly_overlap", "weekly", first=first.label(), second=second.label())
    return tuple(windows)


def check_weekly_dates(
    windows: tuple[WeeklyWindow, ...], valid_from: datetime | None, valid_until: datetime | None
) -> None:
    """Refuse weekly windows of which no hour falls between a person's dates."""
    if not windows or valid_from is None or valid_until is None:
        return
    if not opens_between(windows, valid_from, valid_until, dt_util.get_default_time_zone()):
        raise invalid("weekly_outside_dates", "weekly")


def check_codes_fit(person: Person, ranges: list[tuple[int, int]]) -> None:
    """Refuse locks a person's codes are too short or too long for."""
    for code in (person.pin, person.duress_pin):
        if code is not None and any(not lo <= len(code) <= hi for lo, hi in ranges):
            raise invalid("pin_lock_range", "locks")


@dataclass(frozen=True, slots=True)
class CodeRules:
    """What a new code must satisfy in one household now.

    `retired` are the codes someone held within the last `reuse_days` days (digests).
    """

    policy: PinPolicy
    retired: RecentCodes
    reuse_days: int

    def check(
        self,
        code: str | int,
        field_name: str,
        taken: Iterable[str] | Taken,
        ranges: list[tuple[int, int]],
    ) -> str:
        """Return a given code as text, or raise the translated error for the rule it breaks."""
        digits = self._text(code, field_name)
        problem = check_pin(
            digits, self.policy, taken=taken, retired=self.retired, lock_ranges=ranges
        )
        if problem is not None:
            raise self._error(problem.value, field_name)
        return digits

    def pin_or_generate(
        self,
        pin: PinInput,
        taken: list[str] | Taken,
        ranges: list[tuple[int, int]],
        length_field: str,
    ) -> tuple[str, str | None]:
        """Check a given PIN, or generate one; return it and the generated one, if any."""
        if pin is not None:
            return self.check(pin, "pin", taken, ranges), None
        length = fitting_length(self.policy, ranges)
        if length is None:
            raise invalid("no_common_length", length_field)
        generated = generate_pin(length, taken=taken, retired=self.retired, policy=self.policy)
        return generated, generated

    def _text(self, code: str | int, field_name: str) -> str:
        """Read a PIN given as a number as its digits, unless leading zeros may be lost.

        Home Assistant's templates keep a rendered text with a leading zero as text
        and turn other all-digit text into a number. So a number from a template is
        exactly its digits. A number written unquoted in YAML is not: `012345` reads
        as octal (5349), or, in the frontend's YAML editor, as 12345. Either way it is
        shorter than the PIN meant. A number shorter than the policy allows is
        therefore refused as one that lost its zeros.
        """
        if isinstance(code, str):
            return code
        if code >= 10**self.policy.max_length:
            raise self._error("pin_too_long", field_name)
        digits = str(code)
        if len(digits) < self.policy.min_length:
            raise self._error("pin_not_text", field_name)
        return digits

    def _error(self, key: str, field_name: str) -> ServiceValidationError:
        return invalid(
            key,
            field_name,
            min=str(self.policy.min_length),
            max=str(self.policy.max_length),
            days=str(self.reuse_days),
        )


class _Lock(Protocol):
    @property
    def capabilities(self) -> Capabilities | None: ...


def code_rules(household: Household, policy: PinPolicy, reuse_days: int) -> CodeRules:
    """Return the rules a new code must satisfy now (codes held recently included)."""
    since = dt_util.utcnow() - timedelta(days=reuse_days)
    return CodeRules(policy, household.recent(since), reuse_days)


def pin_ranges(locks: Mapping[str, _Lock], chosen: Iterable[str] | None) -> list[tuple[int, int]]:
    """Return the PIN length ranges of the chosen locks (all of them when None).

    A chosen lock that has left the household (a person keeps the doors they were
    given) sets no range: nothing will be written to it.
    """
    ranges = []
    for lock_id in locks if chosen is None else chosen:
        lock = locks.get(lock_id)
        if lock is not None and lock.capabilities is not None:
            ranges.append((lock.capabilities.pin_min, lock.capabilities.pin_max))
    return ranges


def new_person(
    household: Household,
    managed: Mapping[str, _Lock],
    rules: CodeRules,
    limits: WindowLimits,
    fields: NewPersonArgs,
    ha_user: str | None,
) -> tuple[Person, str | None]:
    """Return the person an `add_person` describes, and the PIN generated for them, if any.

    Raises the translated error of the first field that breaks a rule. Takes the
    household's next person number.
    """
    name = check_name(household, fields["name"], None)
    role = Role(fields.get("role", Role.RESIDENT))
    locks = check_locks(managed, fields.get("locks"))
    valid_from, valid_until = check_window(
        fields.get("valid_from"), fields.get("valid_until"), role
    )
    weekly = check_weekly(fields.get("weekly", ()), limits)
    check_weekly_dates(weekly, valid_from, valid_until)
    ranges = pin_ranges(managed, locks)
    taken = household.taken()  # indexed: a look-up, not a pass over everyone
    pin, generated = rules.pin_or_generate(fields.get("pin"), taken, ranges, "locks")
    duress = fields.get("duress_pin")
    if duress is not None:
        duress = rules.check(duress, "duress_pin", taken.plus(pin), ranges)
    sponsor = check_sponsor(household, fields.get("sponsor"))
    person = Person(
        person_id=household.new_person_id(),
        name=name,
        role=role,
        created_at=dt_util.utcnow(),
        pin=pin,
        pin_version=1,
        duress_pin=duress,
        duress_version=1 if duress else 0,
        locks=locks,
        valid_from=valid_from,
        valid_until=valid_until,
        weekly=weekly,
        max_uses=fields.get("max_uses"),
        ha_user=ha_user,
        sponsor=sponsor,
    )
    return person, generated


def changed_person(
    household: Household,
    managed: Mapping[str, _Lock],
    rules: CodeRules,
    limits: WindowLimits,
    person: Person,
    fields: UpdatePersonArgs,
    ha_user: str | None,
) -> Person:
    """Return a person as an `update_person` changes them (only the fields it names)."""
    changes: dict[str, Any] = {}
    if "name" in fields:
        changes["name"] = check_name(household, fields["name"], person.person_id)
    if "role" in fields:
        changes["role"] = Role(fields["role"])
    if "locks" in fields:
        changes["locks"] = check_locks(managed, fields["locks"])
    role = changes.get("role", person.role)
    valid_from, valid_until = check_window(
        fields.get("valid_from", person.valid_from),
        fields.get("valid_until", person.valid_until),
        role,
    )
    changes |= {"valid_from": valid_from, "valid_until": valid_until}
    if "weekly" in fields:
        changes["weekly"] = check_weekly(fields["weekly"], limits)
    if fields.keys() & {"weekly", "valid_from", "valid_until"}:  # else as it was accepted
        check_weekly_dates(changes.get("weekly", person.weekly), valid_from, valid_until)
    if "max_uses" in fields:
        changes["max_uses"] = fields["max_uses"]
    if "ha_user" in fields:
        changes["ha_user"] = ha_user
    ranges = pin_ranges(managed, changes.get("locks", person.locks))
    check_codes_fit(person, ranges)
    if "duress_pin" in fields:
        duress = fields["duress_pin"]
        if duress is not None:
            taken = household.taken(besides=person.person_id).plus(*filter(None, [person.pin]))
            duress = rules.check(duress, "duress_pin", taken, ranges)
        changes["duress_pin"] = duress
        changes["duress_version"] = person.duress_version + 1
    return person.evolve(**changes)
