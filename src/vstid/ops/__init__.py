"""Operations: readiness of a web process and the figures its metrics export."""
