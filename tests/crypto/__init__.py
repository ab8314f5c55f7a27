"""Tests of the encryption layer."""
