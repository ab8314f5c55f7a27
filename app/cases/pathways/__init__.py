"""Integration pathways: stages, language levels and the national scheme templates."""
