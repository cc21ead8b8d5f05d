"""Log a PyG / torch-geometric-pool model's pooling for the poolscope window to replay."""

from .graphlog import LOG_VERSION
from .writer import Writer
from .show import binary, show

__all__ = ["LOG_VERSION", "Writer", "binary", "show"]
__version__ = "0.1.0"
