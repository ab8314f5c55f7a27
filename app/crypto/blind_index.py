"""Blind indexes: exact-match search over encrypted values without decrypting them.

An index value is HMAC-SHA256 over a normalised value, truncated. Its key is derived
with HKDF from the blind-index root secret, with a label per index kind ("domain"), so
an e-mail and a name with the same spelling give unrelated values.

Where the key comes from: the root secret is random, created once, and kept in the key
store wrapped under the KEK like a data key. ``flask keys rotate`` re-wraps it; it never
changes, so rotation leaves every stored index valid. Deriving it from "the current
KEK" would have broken every index at each rotation.

What an index leaks, to whoever reads the database without the keys: which rows share a
value (frequencies, the same person in two tables of the same kind) and nothing about the
value itself. Truncation blurs that: a 16-bit name index puts many different names in each
bucket, so equal index values do not prove equal names. A lookup returns the true matches
plus about ``rows / 2**bits`` strangers, which the caller filters after decrypting (for
10,000 people and 16 bits: 0.15 extra rows per search). E-mail addresses are full length
(256 bits) because a unique constraint needs them exact; they are unique per row anyway,
so equality leaks nothing more.

Never index a low-entropy value on its own (date of birth, gender, nationality): anyone
with the keys' output for a few known people could read it back by frequency. Dates of
birth only ever appear combined with the name.
"""

from __future__ import annotations

import hmac
import unicodedata
from dataclasses import dataclass
from datetime import date
from hashlib import sha256

from sqlalchemy import LargeBinary
from sqlalchemy.orm import MappedColumn, mapped_column

from app.crypto.keystore import blind_index_root, crypto_state
from app.crypto.primitives import derive_key
from app.digits import ASCII_DIGITS

_INDEX_LABEL = b"passerelle:blind-index:v1:"

# Arabic-script letters written differently across Arabic, Persian, Dari, Pashto and Urdu
# keyboards, folded to one form; Arabic-Indic and Persian digits folded to ASCII.
_FOLD = str.maketrans(
    {
        "\u06cc": "\u064a",  # Persian yeh -> yeh
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u06d2": "\u064a",  # yeh barree -> yeh
        "\u06a9": "\u0643",  # keheh -> kaf
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u06c1": "\u0647",  # heh goal -> heh
        "\u06d5": "\u0647",  # ae -> heh
        "\u0623": "\u0627",  # alef with hamza above -> alef
        "\u0625": "\u0627",  # alef with hamza below -> alef
        "\u0622": "\u0627",  # alef with madda -> alef
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0640": None,  # tatweel (decorative stretching)
        "-": " ",
        "\u2010": " ",
        "\u2011": " ",
        "'": None,
        "\u2019": None,
        **ASCII_DIGITS,
    }
)


def normalise(value: str) -> str:
    """Fold a name for matching: "Amina  YÛSUF" and "amina yusuf" become equal.

    NFKC, Arabic-script letter and digit folding, case folding, accents and other
    combining marks removed (so are Arabic short-vowel marks), invisible format
    characters (ZWNJ) removed, hyphens as spaces, whitespace collapsed and trimmed.
    """
    text = unicodedata.normalize("NFKC", value).translate(_FOLD).casefold()
    text = "".join(
        char
        for char in unicodedata.normalize("NFD", text)
        if unicodedata.category(char) not in ("Mn", "Cf")
    )
    return " ".join(unicodedata.normalize("NFC", text).split())


def normalise_email(value: str) -> str:
    """E-mail addresses only lose case and surrounding space: accents are significant."""
    return unicodedata.normalize("NFKC", value).strip().casefold()


@dataclass(frozen=True, slots=True)
class BlindIndexKind:
    """One kind of index: its HKDF domain label and its length in bytes."""

    domain: str
    length: int


EMAIL = BlindIndexKind("email", 32)
FAMILY_NAME = BlindIndexKind("family-name", 2)
FULL_NAME = BlindIndexKind("full-name", 2)
NAME_AND_BIRTH_DATE = BlindIndexKind("name-and-birth-date", 3)


def _index_key(kind: BlindIndexKind) -> bytes:
    keys = crypto_state().index_keys
    key = keys.get(kind.domain)
    if key is None:
        key = keys[kind.domain] = derive_key(
            blind_index_root(), _INDEX_LABEL + kind.domain.encode()
        )
    return key


def blind_index(kind: BlindIndexKind, normalised: str) -> bytes:
    """The index value of an already normalised string (use the helpers below)."""
    digest = hmac.new(_index_key(kind), normalised.encode(), sha256).digest()
    return digest[: kind.length]


def _name_tokens(*parts: str) -> str:
    # Sorted, because given and family names swap places between documents and cultures.
    return " ".join(sorted(normalise(" ".join(parts)).split()))


def email_index(email: str) -> bytes:
    return blind_index(EMAIL, normalise_email(email))


def family_name_index(family_name: str) -> bytes:
    return blind_index(FAMILY_NAME, normalise(family_name))


def full_name_index(given_names: str, family_name: str) -> bytes:
    """Order-insensitive: "Yusuf Amina" finds "Amina Yusuf"."""
    return blind_index(FULL_NAME, _name_tokens(given_names, family_name))


def name_and_birth_date_index(given_names: str, family_name: str, birth_date: date) -> bytes:
    """For spotting a person already registered; the date never stands alone."""
    return blind_index(
        NAME_AND_BIRTH_DATE,
        _name_tokens(given_names, family_name) + "|" + birth_date.isoformat(),
    )


INDEX_FUNCTIONS = {
    EMAIL: email_index,
    FAMILY_NAME: family_name_index,
}


def blind_index_column(
    kind: BlindIndexKind, *, nullable: bool = False, unique: bool = False
) -> MappedColumn[bytes]:
    """A column holding one kind of index value, indexed (or unique) for lookups."""
    return mapped_column(
        LargeBinary(kind.length), nullable=nullable, unique=unique, index=not unique
    )
