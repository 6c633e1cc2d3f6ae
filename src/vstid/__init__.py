"""V-STID: the shared research channel between Vietnam's scientists abroad and home institutions."""

__version__ = "0.1.0"
