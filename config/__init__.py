"""Typed, read-only settings for Passerelle, parsed from the environment."""

from config.settings import ConfigurationError, Environment, Settings, load_settings

__all__ = ["ConfigurationError", "Environment", "Settings", "load_settings"]
