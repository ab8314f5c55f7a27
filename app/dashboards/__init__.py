"""Pathway dashboards and funder reports for coordinators."""
