"""groupbot: a first-line support bot for customer chat groups."""

__version__ = "0.1.0"
