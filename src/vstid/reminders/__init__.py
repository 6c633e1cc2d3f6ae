"""Reminders about items that wait too long, across orders, invitations and proposals."""
