"""Periodic reports of a project: a calendar generated from a rule, a lifecycle (open →
submitted → accepted | returned), content compiled from what the project recorded in the
period (see `compile.SECTIONS`), a narrative per language, PDF and XLSX downloads."""
