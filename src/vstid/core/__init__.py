"""Infrastructure: settings, database, base model, repository, errors, security, pagination."""
