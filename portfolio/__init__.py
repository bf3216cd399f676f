"""growth-portfolio: turn the written traces of growth into a MkDocs + Material portfolio."""

__version__ = "0.1.0"
__all__ = ["__version__"]
