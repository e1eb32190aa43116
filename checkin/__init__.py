"""checkin: a calm, timed weekly check-in for two partners at one terminal."""

__version__ = "0.1.0"
