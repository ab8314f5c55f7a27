"""The master keyring: every configured version of the key-encryption key (KEK).

Two sources, both read once at start-up and re-read when a newer version appears:

* ``PASSERELLE_MASTER_KEY``: either one base64 key (it is version 1) or a JSON keyring
  document as below, for operators who keep every secret in the environment.
* ``PASSERELLE_MASTER_KEY_FILE``: a JSON keyring document, mode 0600::

      {"format": "passerelle-master-keys/1", "active": 2,
       "keys": {"1": "<base64 of 32 bytes>", "2": "<base64 of 32 bytes>"}}

  ``active`` wraps new data keys; older versions stay until ``flask keys retire``.
  The file is replaced atomically (write a temporary file, fsync, rename), so a crash
  never leaves half a keyring. Outside production a missing file is created with one key.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.crypto.errors import MasterKeyError
from config.settings import Settings

FILE_FORMAT = "passerelle-master-keys/1"
KEY_BYTES = 32


def _decode_key(text: str, label: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        try:
            key = base64.urlsafe_b64decode(text.strip())
        except (binascii.Error, ValueError):
            raise MasterKeyError(f"{label} is not valid base64.") from None
    if len(key) != KEY_BYTES:
        raise MasterKeyError(f"{label} must decode to {KEY_BYTES} bytes, not {len(key)}.")
    return key


def _parse_document(text: str, label: str) -> tuple[int, dict[int, bytes]]:
    try:
        document = json.loads(text)
        active = int(document["active"])
        raw_keys = document["keys"]
        keys = {
            int(version): _decode_key(value, f"{label} version {version}")
            for version, value in raw_keys.items()
        }
    except MasterKeyError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError):
        raise MasterKeyError(
            f'{label} is not a keyring: expected {{"active": N, "keys": {{"N": "<base64>"}}}}.'
        ) from None
    if document.get("format", FILE_FORMAT) != FILE_FORMAT:
        raise MasterKeyError(f"{label} has an unknown format {document.get('format')!r}.")
    if active not in keys or any(version < 1 for version in keys):
        raise MasterKeyError(f"{label}: the active version {active} is not among its keys.")
    return active, keys


def _document(active: int, keys: dict[int, bytes]) -> str:
    return json.dumps(
        {
            "format": FILE_FORMAT,
            "active": active,
            "keys": {str(v): base64.b64encode(k).decode("ascii") for v, k in sorted(keys.items())},
        },
        indent=2,
    )


def write_keyring_file(
    path: Path, active: int, keys: dict[int, bytes], *, replace: bool = True
) -> None:
    """Write the key file atomically, readable by its owner only.

    With ``replace=False`` an existing file wins (two processes creating the first key at
    once must not end up with different keys).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".master-keys-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(_document(active, keys) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


@dataclass
class Keyring:
    """The KEK versions this process holds, and where they came from."""

    active: int
    keys: dict[int, bytes]
    path: Path | None = None
    _mtime_ns: int | None = None
    _ciphers: dict[int, AESGCM] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return f"Keyring(active={self.active}, versions={sorted(self.keys)}, path={self.path})"

    @property
    def source(self) -> str:
        return str(self.path) if self.path else "PASSERELLE_MASTER_KEY"

    def cipher(self, version: int) -> AESGCM:
        """The AES-GCM cipher of one KEK version; re-reads the key file once if unknown."""
        cipher = self._ciphers.get(version)
        if cipher is None:
            if version not in self.keys:
                self.reload()
            key = self.keys.get(version)
            if key is None:
                raise MasterKeyError(f"master key version {version} is not configured")
            cipher = self._ciphers[version] = AESGCM(key)
        return cipher

    def refresh(self) -> None:
        """Re-read the key file if it changed (another process may have rotated)."""
        if self.path is not None and self.path.stat().st_mtime_ns != self._mtime_ns:
            self.reload()

    def reload(self) -> None:
        if self.path is None:
            return
        fresh = read_keyring_file(self.path)
        self.active, self.keys, self._mtime_ns = fresh.active, fresh.keys, fresh._mtime_ns
        self._ciphers = {}

    def add_version(self) -> int:
        """Generate a new KEK version, make it active and save the key file."""
        if self.path is None:
            raise MasterKeyError(
                "The master key comes from PASSERELLE_MASTER_KEY; put the new version there."
            )
        self.reload()
        version = max(self.keys) + 1
        keys = {**self.keys, version: secrets.token_bytes(KEY_BYTES)}
        write_keyring_file(self.path, version, keys)
        self.reload()
        return version

    def remove_version(self, version: int) -> None:
        """Drop a retired KEK version from the key file."""
        if self.path is None:
            raise MasterKeyError(
                "The master key comes from PASSERELLE_MASTER_KEY; remove the version there."
            )
        self.reload()
        if version == self.active:
            raise MasterKeyError(f"Master key version {version} is the active one.")
        keys = {v: k for v, k in self.keys.items() if v != version}
        write_keyring_file(self.path, self.active, keys)
        self.reload()


def read_keyring_file(path: Path) -> Keyring:
    try:
        text = path.read_text(encoding="utf-8")
        mtime_ns = path.stat().st_mtime_ns
    except OSError as error:
        raise MasterKeyError(f"Cannot read the master key file {path}: {error.strerror}.") from None
    active, keys = _parse_document(text, f"The master key file {path}")
    return Keyring(active=active, keys=keys, path=path, _mtime_ns=mtime_ns)


def load_keyring(settings: Settings) -> Keyring:
    """Build the keyring from settings; outside production, create a missing key file."""
    if settings.master_key is not None and settings.master_key_file is not None:
        raise MasterKeyError("Set PASSERELLE_MASTER_KEY or PASSERELLE_MASTER_KEY_FILE, not both.")
    if settings.master_key is not None:
        text = settings.master_key.strip()
        if text.startswith("{"):
            active, keys = _parse_document(text, "PASSERELLE_MASTER_KEY")
            return Keyring(active=active, keys=keys)
        return Keyring(active=1, keys={1: _decode_key(text, "PASSERELLE_MASTER_KEY")})
    path = settings.master_key_file
    if path is None:
        raise MasterKeyError(
            "No master key: set PASSERELLE_MASTER_KEY_FILE or PASSERELLE_MASTER_KEY."
        )
    if not path.exists():
        if settings.is_production:
            raise MasterKeyError(f"The master key file {path} does not exist.")
        write_keyring_file(path, 1, {1: secrets.token_bytes(KEY_BYTES)}, replace=False)
    return read_keyring_file(path)
