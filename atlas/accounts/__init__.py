"""Accounts: users and roles, sessions, and the sign-in throttle."""
