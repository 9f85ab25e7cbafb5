"""The household file: the whole household under a passphrase, for a backup or a move.

A file is a small header and the AES-256-GCM ciphertext of the household's canonical
JSON (sorted keys, no spaces), its 16-byte tag at the end. The key comes from the
passphrase through scrypt, with the header's salt and cost. The header, all integers
big-endian:

    magic     8 bytes  b"HOUSEKEY"
    version   2 bytes  the format version
    log2 n    1 byte   scrypt's cost, as a power of two
    r         1 byte   scrypt's block size
    p         1 byte   scrypt's parallelism
    salt     16 bytes
    nonce    12 bytes

The header is the ciphertext's associated data, so a changed cost, salt or nonce fails
authentication exactly like a changed byte of the ciphertext. GCM cannot tell a wrong
key from a changed byte, so both are one error; what can be told before decrypting (too
short, not a household file, a newer format, a cost Housekey never writes) has its own.

What the file holds is each part's own serialized form, the one the Store keeps
(`Household.to_dict`, each lock's record), with locks by entity id: those are the
names that carry over to another Home Assistant with the same locks.
"""

from __future__ import annotations

import json
import os
import struct
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from .model import CredentialKind, Household, Person, RetiredCode
from .names import PERSON_ID
from .policy import codes_equal

MAGIC = b"HOUSEKEY"
#: the format this module writes, and the newest it reads
FORMAT_VERSION = 1
MIN_PASSPHRASE_LENGTH = 12
#: the file name's ending
SUFFIX = ".hke"

_HEADER = struct.Struct(">8sHBBB16s12s")
HEADER_SIZE = _HEADER.size
TAG_SIZE = 16
KEY_SIZE = 32


@dataclass(frozen=True, slots=True)
class KdfParameters:
    """scrypt's cost: 128 * r * 2**log2_n bytes of memory, and time in proportion."""

    log2_n: int = 17
    r: int = 8
    p: int = 1

    #: what a file may ask for: what Housekey writes, and room to raise it, but never
    #: enough to let a crafted file take the host's memory (2**18 * 8 * 128: 256 MiB)
    LOG2_N_RANGE: ClassVar[range] = range(14, 19)
    R_RANGE: ClassVar[range] = range(1, 9)
    P_RANGE: ClassVar[range] = range(1, 5)

    def readable(self) -> bool:
        """Return whether a file's parameters are ones Housekey derives keys with."""
        return (
            self.log2_n in self.LOG2_N_RANGE and self.r in self.R_RANGE and self.p in self.P_RANGE
        )

    def derive(self, passphrase: str, salt: bytes) -> bytes:
        """Return the key for a passphrase (NFC, so the same text typed anywhere matches)."""
        secret = unicodedata.normalize("NFC", passphrase).encode()
        return Scrypt(salt=salt, length=KEY_SIZE, n=2**self.log2_n, r=self.r, p=self.p).derive(
            secret
        )


#: scrypt as Housekey writes it: n = 2**17, r = 8, p = 1 (128 MiB; 0.34-0.37 s on the quiet
#: 2-core development machine, `bench/household_file.py` measures it)
DEFAULT_KDF = KdfParameters()


class FileProblem(StrEnum):
    """Why a household file is refused; each value is also the error's translation key."""

    #: a passphrase shorter than MIN_PASSPHRASE_LENGTH characters (refused before any file)
    TOO_SHORT = "passphrase_too_short"
    #: the file ends before its header and tag do: cut off while copied or written
    TRUNCATED = "file_truncated"
    #: the file does not start like a household file
    NOT_HOUSEHOLD = "file_not_household"
    #: written by a newer Housekey, in a format this one cannot read
    NEWER_VERSION = "file_newer_version"
    #: a header with values Housekey never writes (format 0, a cost out of range)
    DAMAGED = "file_damaged"
    #: authentication failed: the passphrase is wrong, or some byte of the file changed
    NOT_AUTHENTIC = "file_wrong_passphrase"
    #: it decrypted, but what it holds is not a household (no Housekey writes that)
    BAD_CONTENT = "file_bad_content"


class HouseholdFileError(ValueError):
    """A household file that cannot be read, or a passphrase that may not be used."""

    def __init__(self, problem: FileProblem, version: int = FORMAT_VERSION) -> None:
        """Say why; `version` is the file's format version (for NEWER_VERSION)."""
        super().__init__(problem.value)
        self.problem = problem
        self.version = version


def check_passphrase(passphrase: str) -> str:
    """Return a passphrase that is long enough, or refuse it."""
    if len(unicodedata.normalize("NFC", passphrase)) < MIN_PASSPHRASE_LENGTH:
        raise HouseholdFileError(FileProblem.TOO_SHORT)
    return passphrase


@dataclass(frozen=True, slots=True)
class HouseholdContent:
    """What a household file holds."""

    #: the household's name where it was exported (a fact, not applied on import)
    name: str
    exported_at: datetime
    household: Household
    #: each lock's slot record as its Store keeps it, by entity id: which credential
    #: Housekey wrote to which slot (never a code)
    locks: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: the audit journal's head (the hash that chains its next record), None without a journal
    journal_head: Mapping[str, Any] | None = None
    #: the calendar links by booking key: which booking made which person (no code); a file
    #: written before calendars were followed has none
    calendar: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def to_payload(self) -> dict[str, Any]:
        """Return the content as JSON-ready data (codes included: only ever encrypted)."""
        return {
            "name": self.name,
            "exported_at": self.exported_at.isoformat(),
            "household": self.household.to_dict(),
            "locks": {lock_id: dict(record) for lock_id, record in self.locks.items()},
            "journal_head": None if self.journal_head is None else dict(self.journal_head),
            "calendar": {key: dict(link) for key, link in self.calendar.items()},
        }

    @classmethod
    def from_payload(cls, data: Any) -> HouseholdContent:
        """Read decrypted content strictly: anything the Store would set aside is refused."""
        try:
            household_data = data["household"]
            listed = household_data["people"], household_data["retired"]
            household = Household.from_dict(household_data)
            exported_at = datetime.fromisoformat(data["exported_at"])
            name, locks, head = str(data["name"]), data["locks"], data["journal_head"]
            calendar = data.get("calendar", {})
        except (KeyError, TypeError, ValueError, OverflowError, AttributeError) as err:
            raise HouseholdFileError(FileProblem.BAD_CONTENT) from err
        readable = (
            all(isinstance(part, list) for part in listed)
            and not household.quarantined
            and len(household.retired) == len(listed[1])
            and all(_well_formed(p) for p in household.people.values())
            and isinstance(locks, dict)
            and all(isinstance(k, str) and isinstance(v, dict) for k, v in locks.items())
            and (head is None or isinstance(head, dict))
            and isinstance(calendar, dict)
            and all(isinstance(k, str) and isinstance(v, dict) for k, v in calendar.items())
        )
        if not readable:
            raise HouseholdFileError(FileProblem.BAD_CONTENT)
        return cls(name, exported_at, household, locks, head, calendar)


def _well_formed(person: Person) -> bool:
    """Return whether a read person has text where text belongs and an id of the id shape."""
    texts = (person.otp_secret, person.ha_user, person.sponsor, person.last_lock)
    return PERSON_ID.fullmatch(person.person_id) is not None and all(
        t is None or isinstance(t, str) for t in texts
    )


def canonical(payload: Mapping[str, Any]) -> bytes:
    """Return the one byte form of a payload: sorted keys, no spaces, UTF-8."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seal(plain: bytes, passphrase: str, kdf: KdfParameters = DEFAULT_KDF) -> bytes:
    """Return a household file holding `plain` (slow: scrypt runs once)."""
    check_passphrase(passphrase)
    salt, nonce = os.urandom(16), os.urandom(12)
    header = _HEADER.pack(MAGIC, FORMAT_VERSION, kdf.log2_n, kdf.r, kdf.p, salt, nonce)
    return header + AESGCM(kdf.derive(passphrase, salt)).encrypt(nonce, plain, header)


def unseal(data: bytes, passphrase: str) -> bytes:
    """Return what a household file holds, or raise the HouseholdFileError that says why not."""
    check_passphrase(passphrase)
    if len(data) < len(MAGIC):
        raise HouseholdFileError(
            FileProblem.TRUNCATED if MAGIC.startswith(data) else FileProblem.NOT_HOUSEHOLD
        )
    if not data.startswith(MAGIC):
        raise HouseholdFileError(FileProblem.NOT_HOUSEHOLD)
    if len(data) < HEADER_SIZE + TAG_SIZE:
        raise HouseholdFileError(FileProblem.TRUNCATED)
    header = data[:HEADER_SIZE]
    _magic, version, log2_n, r, p, salt, nonce = _HEADER.unpack(header)
    if version > FORMAT_VERSION:
        raise HouseholdFileError(FileProblem.NEWER_VERSION, version)
    kdf = KdfParameters(log2_n, r, p)
    if version < 1 or not kdf.readable():
        raise HouseholdFileError(FileProblem.DAMAGED)
    try:
        return AESGCM(kdf.derive(passphrase, salt)).decrypt(nonce, data[HEADER_SIZE:], header)
    except InvalidTag as err:
        raise HouseholdFileError(FileProblem.NOT_AUTHENTIC) from err


def write_household_file(
    content: HouseholdContent, passphrase: str, kdf: KdfParameters = DEFAULT_KDF
) -> bytes:
    """Return the encrypted file for some content."""
    return seal(canonical(content.to_payload()), passphrase, kdf)


def read_household_file(data: bytes, passphrase: str) -> HouseholdContent:
    """Decrypt and read a household file, or raise the HouseholdFileError that says why not."""
    plain = unseal(data, passphrase)
    try:
        payload = json.loads(plain.decode())
    except (UnicodeDecodeError, ValueError) as err:
        raise HouseholdFileError(FileProblem.BAD_CONTENT) from err
    return HouseholdContent.from_payload(payload)


def continue_from(imported: Household, current: Household, now: datetime) -> Household:
    """Return an imported household made safe to follow `current` on the same locks.

    The locks' records name credentials by person id and code version. A person id the
    current household knows, with a different code, gets a version above both, so no
    (id, version) ever stands for two codes; an unchanged code keeps the current version,
    so the lock keeps it untouched. Person numbers continue after both households, so an
    id is never handed out twice. Codes current people held and lose are remembered as
    retired, like any code taken from someone. A household imported where none was
    comes out exactly as it was exported.
    """
    people: dict[str, Person] = {}
    for person_id, person in imported.people.items():
        before = current.people.get(person_id)
        people[person_id] = person if before is None else _versions_after(person, before)
    retired, reuse_key = _merged_retired(imported, current)
    household = Household(
        people,
        max(_next_number(imported), _next_number(current)),
        retired,
        reuse_key=reuse_key,
    )
    for before in current.people.values():
        after = household.people.get(before.person_id)
        household.retire_taken(before, after or replace(before, pin=None, duress_pin=None), now)
    return household


def _next_number(household: Household) -> int:
    """Return the first person number after every id the household has used."""
    ids = [*household.people, *household.quarantined_ids()]
    used = [int(i[1:]) for i in ids if PERSON_ID.fullmatch(i)]
    return max([household.next_number, *(n + 1 for n in used)])


#: the field that holds each credential's version
VERSIONS = {CredentialKind.PIN: "pin_version", CredentialKind.DURESS: "duress_version"}


def _versions_after(person: Person, before: Person) -> Person:
    changes: dict[str, int] = {}
    for kind, attribute in VERSIONS.items():
        if _same_code(person.code(kind), before.code(kind)):
            changes[attribute] = before.version(kind)
        else:
            changes[attribute] = max(person.version(kind), before.version(kind)) + 1
    return person.evolve(**changes)


def _same_code(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return codes_equal(a, b)


def _merged_retired(
    imported: Household, current: Household
) -> tuple[list[RetiredCode], str | None]:
    """Return both households' retired codes, each (digest, moment) once, and their key.

    Retired codes are digests under their household's key: the file's are kept where
    they share the current key (a file of this household), or where the current
    household has none yet. A file from another household with retired codes of its
    own, into a household that has some, brings its people but not its old codes:
    they cannot be compared under the current key.
    """
    if imported.retired and current.retired and imported.reuse_key != current.reuse_key:
        return list(current.retired), current.reuse_key
    key = current.reuse_key if current.retired else imported.reuse_key or current.reuse_key
    seen: dict[tuple[str, datetime], RetiredCode] = {}
    for retired in (*imported.retired, *current.retired):
        seen.setdefault((retired.digest, retired.retired_at), retired)
    return list(seen.values()), key


def exported_stem(slug: str, exported_at: datetime) -> str:
    """Return the file name, without its ending, of an export made at a local moment."""
    return f"{slug or 'household'}-{exported_at.date().isoformat()}"
