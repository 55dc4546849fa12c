"""Background jobs on RQ: thin functions that take ids, named queues, the scheduler tick."""
