"""SQL aggregates behind the dashboards: plain coded columns only, never an encrypted one."""
