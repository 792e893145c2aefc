"""Sections of the region dashboard, each read from stored releases only."""
