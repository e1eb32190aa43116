"""Screens: one file each, a thin layer over the core and the repository."""
