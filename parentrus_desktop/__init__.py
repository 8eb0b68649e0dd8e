"""Parent'R'Us Mentor: the record book a parent mentor keeps, encrypted, on their laptop."""

__version__ = "0.1.0"
