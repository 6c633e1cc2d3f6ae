"""Identity resolution: the same person across sources, scripts and name orders."""
