"""The core of Organizer: the encrypted vault and the organizing domain. Never imports Qt."""
