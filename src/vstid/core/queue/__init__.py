"""The job queue kept in the main database (portable across SQLite and PostgreSQL).

Long work — embedding, re-indexing, matching, imports, e-mail — runs here, never in a request.
This package is the mechanism only (table, SQL, enqueue, claim/lease/retry); which function runs
each `JobKind` is decided at the top, in `vstid.jobs.handlers`. See docs/design/job-queue.md."""
