"""Administration of organisations and accounts."""
