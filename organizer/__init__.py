"""Organizer: an offline, encrypted notebook for workplace organizing committees."""

__version__ = "0.1.0"
