"""Integration pathways: stages, templates and their vocabulary."""
