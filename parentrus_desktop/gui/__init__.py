"""The desktop app: PySide6 windows, Qt models and background operations. Qt lives only here."""
