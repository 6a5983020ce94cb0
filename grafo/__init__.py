"""grafo: grafo de conocimiento de mandatos institucionales y vínculos de la Política Migratoria."""

from __future__ import annotations


def __getattr__(nombre: str) -> str:
    # La versión se lee al pedirla: importlib.metadata cuesta 33 ms en cada arranque de la CLI.
    if nombre != "__version__":
        raise AttributeError(nombre)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("grafo")
    except PackageNotFoundError:  # ejecutado desde el código fuente sin instalar
        return "0.0.0"
