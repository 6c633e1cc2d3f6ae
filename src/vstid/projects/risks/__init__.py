"""The risk register of a project: risks and their state assessed in each periodic report."""
