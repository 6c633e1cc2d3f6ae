"""The plan of a project: work packages, each with its deliverables and milestones, due in a
month of the project (so moving the start moves the plan) or on a fixed date."""
