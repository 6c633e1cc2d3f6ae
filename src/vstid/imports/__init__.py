"""Bulk import of expert profiles (CSV, JSONL, ORCID, OpenAlex) with checkpoints."""
