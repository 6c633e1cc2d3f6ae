"""The top of the job queue: which function runs each job kind (`handlers.HANDLERS`), and the
worker that runs them (a thread in each web process, or `vstid worker`). The mechanism itself
— table, enqueue, leases, retries — is `vstid.core.queue`."""
