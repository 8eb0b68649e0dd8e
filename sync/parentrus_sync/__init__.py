"""The wire between a mentor's laptop and the school hub, shared by both ends."""
