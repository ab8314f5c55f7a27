"""Pages that belong to no domain: the front door, health check and language switcher."""
