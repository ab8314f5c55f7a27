"""Demo data, so anyone can log in as every role right after `make run`."""
