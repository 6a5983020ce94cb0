"""Textos propios de click en español (ayuda, errores de uso), para que la CLI hable un solo idioma.

click marca sus textos para gettext con `from gettext import gettext as _` en cada módulo; sin un
catálogo .mo instalado, se sustituye esa función en sus módulos por una que consulta este diccionario.
"""

from __future__ import annotations

import importlib

TEXTOS: dict[str, str] = {
    "Usage:": "Uso:",
    "Options": "Opciones",
    "Commands": "Órdenes",
    "Positional arguments": "Argumentos",
    "Show this message and exit.": "Muestra esta ayuda y termina.",
    "Show the version and exit.": "Muestra la versión y termina.",
    "%(prog)s, version %(version)s": "%(prog)s, versión %(version)s",
    "Error: {message}": "Error: {message}",
    "Try '{command} {option}' for help.": "Pruebe «{command} {option}» para ver la ayuda.",
    "Missing argument": "Falta el argumento",
    "Missing option": "Falta la opción",
    "Missing parameter": "Falta el parámetro",
    "Missing parameter: {param_name}": "Falta el parámetro: {param_name}",
    "Missing {param_type}": "Falta {param_type}",
    "Missing command.": "Falta la orden.",
    "No such command {name!r}.": "No existe la orden {name!r}.",
    "No such option {name!r}.": "No existe la opción {name!r}.",
    "No such option: {name}": "No existe la opción: {name}",
    "Option {name!r} does not take a value.": "La opción {name!r} no lleva valor.",
    "Invalid value for {param_hint}: {message}": "Valor inválido para {param_hint}: {message}",
    "Invalid value: {message}": "Valor inválido: {message}",
    "Choose from:\n\t{choices}": "Elija entre:\n\t{choices}",
    "default: {default}": "predeterminado: {default}",
    "env var: {var}": "variable de entorno: {var}",
    "required": "obligatorio",
    "deprecated": "obsoleta",
    "Aborted!": "¡Cancelado!",
    "file": "archivo",
    "directory": "carpeta",
    "path": "ruta",
    "{name} {filename!r} does not exist.": "{name} {filename!r} no existe.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} es una carpeta.",
    "{name} {filename!r} is a file.": "{name} {filename!r} es un archivo.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} no se puede leer.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} no se puede escribir.",
    "Could not open file {filename!r}: {message}": "No se pudo abrir el archivo {filename!r}: {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} no es un {number_type} válido.",
    "{value} is not in the range {range}.": "{value} no está en el intervalo {range}.",
    "unknown error": "error desconocido",
}
PLURALES: dict[str, tuple[str, str]] = {
    "Got unexpected extra argument ({args})": ("Sobra un argumento ({args})", "Sobran argumentos ({args})"),
    "Did you mean {possibility}?": ("¿Quiso decir {possibility}?", "(¿Quiso decir alguna de estas: {possibilities}?)"),
    "Option {name!r} requires an argument.": ("La opción {name!r} necesita un valor.",
                                              "La opción {name!r} necesita {nargs} valores."),
    "{value!r} is not {choice}.": ("{value!r} no es {choice}.", "{value!r} no es uno de {choices}."),
}
MODULOS = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")
# El nombre de cada tipo es su metavariable en la ayuda (INTEGER RANGE) y su nombre en los errores.
NOMBRES_DE_TIPOS = {"IntParamType": "entero", "IntRange": "entero", "FloatParamType": "número",
                    "FloatRange": "número", "StringParamType": "texto", "BoolParamType": "sí/no",
                    "UUIDParameterType": "uuid", "DateTime": "fecha"}


def _traducir(mensaje: str) -> str:
    return TEXTOS.get(mensaje, mensaje)


def _traducir_plural(singular: str, plural: str, n: int) -> str:
    if singular in PLURALES:
        uno, varios = PLURALES[singular]
        return uno if n == 1 else varios
    return singular if n == 1 else plural


def traducir_click() -> None:
    """Pone en español los textos de click (idempotente)."""
    import click.types

    for clase, nombre in NOMBRES_DE_TIPOS.items():
        setattr(getattr(click.types, clase), "name", nombre)
    for nombre in MODULOS:
        modulo = importlib.import_module(f"click.{nombre}")
        if hasattr(modulo, "_"):
            modulo._ = _traducir  # type: ignore[attr-defined]
        if hasattr(modulo, "ngettext"):
            modulo.ngettext = _traducir_plural  # type: ignore[attr-defined]
