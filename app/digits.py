"""Digits as typed on Arabic and Persian keyboards, and the ASCII digits they stand for."""

from __future__ import annotations

# Arabic-Indic digits (U+0660 to U+0669) and the Persian ones (U+06F0 to U+06F9).
ASCII_DIGITS = {chr(zero + digit): str(digit) for zero in (0x0660, 0x06F0) for digit in range(10)}
_TO_ASCII = str.maketrans(ASCII_DIGITS)


def normalise_digits(value: str) -> str:
    """``value`` with every Arabic-Indic or Persian digit written as its ASCII digit."""
    return value.translate(_TO_ASCII)
