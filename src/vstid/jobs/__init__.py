"""A small job queue kept in the main database (portable across SQLite and PostgreSQL).

Long work — embedding, re-indexing, matching, imports, e-mail — runs here, never in a request.
On PostgreSQL several workers claim jobs concurrently with SKIP LOCKED."""
