"""Accounts: organisations of the network, users, roles, login and activation links."""
