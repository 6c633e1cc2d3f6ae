"""The joint decision on a call's applications: each owner agency's position, the decision
both agencies reach, the letter to the applicants, the award that opens the joint project
(or plans a mobility stay), and the coordinator console with its exports."""
