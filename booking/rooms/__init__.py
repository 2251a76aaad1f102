"""Rooms and buildings."""
