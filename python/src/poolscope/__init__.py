"""Log a PyG / torch-geometric-pool model's pooling for the poolscope window to replay."""

from .graphlog import LOG_VERSION
from .notebook import Picture, render
from .show import binary, show
from .writer import Writer

__all__ = ["LOG_VERSION", "Picture", "Writer", "binary", "render", "show"]
__version__ = "0.1.0"
