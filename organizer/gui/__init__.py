"""The desktop app: PySide6 widgets, Qt models, dialogs and workers. Never writes SQL."""
