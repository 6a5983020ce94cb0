"""grafo: grafo de conocimiento de mandatos institucionales y vínculos de la Política Migratoria."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("grafo")
except PackageNotFoundError:  # ejecutado desde el código fuente sin instalar
    __version__ = "0.0.0"
