"""Formatos: un registro de renderizadores por producto y formato (tabla, CSV, JSON, Markdown, xlsx, HTML…).

Un renderizador es una función pura `producto → str | bytes | Contenido`; los de la terminal
(`terminal=True`) reciben además la consola de rich y escriben en ella; los de un formato con opciones de
escritura (el separador del CSV) las reciben como argumentos. Lo que escriben para personas (la terminal, los
textos `legible`) puede nombrar opciones con `errores.opcion`: `aplicar` las dice como las nombra quien lo
muestra. Se registran con `@renderizador(TipoDeProducto, "formato")` en el módulo de esta carpeta que `MODULOS` asigna al
producto; solo ese se importa (una consulta no carga networkx, xlsxwriter ni jinja2). Un formato
nuevo (docx, png…) es una función más en ese módulo, no una rama más en cada orden.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from grafo.errores import ErrorGrafo, Nombrar, nombrar_opciones


@dataclass(frozen=True)
class Formato:
    """Un formato de salida: sus extensiones (la primera, la suya), su tipo de medio (para un navegador) y las
    opciones de escritura que todo renderizador suyo recibe como argumentos."""

    nombre: str
    extensiones: tuple[str, ...]
    tipo_medio: str
    opciones: tuple[str, ...] = ()


_XML = "application/vnd.openxmlformats-officedocument"
# La única tabla de formatos de salida: la CLI deduce el formato de --salida y `construir` el de su archivo RDF;
# el tipo de medio es el de una descarga del explorador (`grafo servir`). `.json` es JSON y, para un grafo (sin JSON), JSON-LD.
FORMATOS: tuple[Formato, ...] = (
    Formato("tabla", (), "text/plain; charset=utf-8"),  # solo en la terminal
    Formato("texto", (".txt",), "text/plain; charset=utf-8"),
    Formato("markdown", (".md", ".markdown"), "text/markdown; charset=utf-8"),
    Formato("json", (".json",), "application/json"),
    Formato("csv", (".csv",), "text/csv; charset=utf-8", opciones=("separador",)),
    Formato("html", (".html", ".htm"), "text/html; charset=utf-8"),
    Formato("docx", (".docx",), f"{_XML}.wordprocessingml.document"),
    Formato("pdf", (".pdf",), "application/pdf"),
    Formato("xlsx", (".xlsx",), f"{_XML}.spreadsheetml.sheet"),
    Formato("png", (".png",), "image/png"),
    Formato("svg", (".svg",), "image/svg+xml"),
    Formato("ttl", (".ttl", ".turtle"), "text/turtle; charset=utf-8"),
    Formato("nt", (".nt", ".ntriples"), "application/n-triples"),
    Formato("jsonld", (".jsonld", ".json"), "application/ld+json"),
    Formato("gexf", (".gexf",), "application/xml"),
    Formato("graphml", (".graphml",), "application/xml"),
)
POR_NOMBRE: dict[str, Formato] = {f.nombre: f for f in FORMATOS}


def con_extension(ruta: str | PurePath) -> set[str]:
    """Los formatos que tienen la extensión de `ruta` (sin distinguir mayúsculas): `.json` es json y jsonld."""
    extension = PurePath(ruta).suffix.lower()
    return {f.nombre for f in FORMATOS if extension and extension in f.extensiones}


def por_extension(ruta: str | PurePath, *, entre: Collection[str] | None = None) -> str | None:
    """El formato que dice la extensión de `ruta` (sin distinguir mayúsculas); con `entre`, el primero de esos
    que la tenga (`.json` de un grafo es jsonld). None si ninguno."""
    extension = PurePath(ruta).suffix.lower()
    return next((f.nombre for f in FORMATOS if extension and extension in f.extensiones
                 and (entre is None or f.nombre in entre)), None)


def extension(formato: str) -> str:
    """La extensión propia de un formato (`ttl` → `.ttl`)."""
    return POR_NOMBRE[formato].extensiones[0]

# Producto (módulo.clase) → el módulo (o los módulos) de esta carpeta con sus renderizadores.
MODULOS: dict[str, str | tuple[str, ...]] = {
    "grafo.dominio.productos.Tabla": "tablas",
    "grafo.dominio.productos.Respuesta": "tablas",
    "grafo.dominio.productos.Tripletas": "datos",
    "grafo.dominio.resumen.Resumen": "datos",
    "grafo.rdf.validacion.InformeValidacion": "datos",
    "grafo.dominio.productos.Catalogo": "catalogo",
    "grafo.dominio.productos.EstadoCache": "catalogo",
    "grafo.dominio.informes.Informe": ("informes", "documentos"),
    "grafo.dominio.productos.Medidas": ("red", "redes"),
    "grafo.dominio.productos.Rutas": "red",
    "grafo.dominio.productos.Bloques": "red",
    "grafo.dominio.productos.Libro": "xlsx",
    "grafo.dominio.mapa.Mapa": ("pagina", "imagen", "redes"),
    "grafo.dominio.guion.Presentacion": "presentacion",
    "grafo.dominio.reunion.Reunion": "reunion",
    "grafo.dominio.ficha.Ficha": "reunion",
    "grafo.paquete.plantilla.Plantilla": "plantilla",
    "grafo.dominio.acta.Acta": "acta",
}


@dataclass(frozen=True)
class Contenido:
    """Lo que sale de un renderizador, con una nota previa para stderr si hace falta."""

    datos: str | bytes
    nota: str = ""


@dataclass(frozen=True)
class Renderizador:
    """Cómo se escribe un producto en un formato."""

    funcion: Callable[..., Any]
    terminal: bool = False  # escribe en la consola (tablas de rich), no devuelve texto
    en_archivo: str | None = None  # formato que se usa en su lugar cuando se pide a un archivo
    legible: bool = False  # texto para personas: en la terminal se ajusta a su ancho, sin partir palabras
    opciones: tuple[str, ...] = ()  # opciones de escritura propias (el papel de un documento), además las del formato


_REGISTRO: dict[type, dict[str, Renderizador]] = {}


class FormatoNoDisponible(ErrorGrafo):
    """El producto no se puede escribir en el formato pedido; dice cuáles sí."""


def renderizador(tipo: type, formato: str, *, terminal: bool = False, en_archivo: str | None = None,
                 legible: bool = False, opciones: tuple[str, ...] = ()) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Registra la función decorada como el renderizador de `tipo` en `formato` (uno de `FORMATOS`); `opciones`, las
    de escritura que recibe además de las de su formato (`papel`: el de un documento para imprimir)."""
    if formato not in POR_NOMBRE:
        raise ValueError(f"formato sin declarar en FORMATOS: {formato}")
    def registrar(funcion: Callable[..., Any]) -> Callable[..., Any]:
        _REGISTRO.setdefault(tipo, {})[formato] = Renderizador(funcion, terminal, en_archivo, legible, opciones)
        return funcion
    return registrar


def _propios(tipo: type) -> dict[str, Renderizador]:
    # Se importan todos los módulos del producto, aunque alguno ya se haya importado por otro camino.
    modulos = MODULOS.get(f"{tipo.__module__}.{tipo.__qualname__}", ())
    for modulo in (modulos,) if isinstance(modulos, str) else modulos:
        importlib.import_module(f"{__name__}.{modulo}")
    return _REGISTRO.get(tipo, {})


def formatos_de(tipo: type) -> tuple[str, ...]:
    """Los formatos en que se puede escribir un producto de este tipo."""
    return tuple(_propios(tipo))


def renderizador_de(producto: object, formato: str, *, a_archivo: bool) -> tuple[str, Renderizador]:
    """El formato efectivo y su renderizador; a un archivo, uno de terminal cede su lugar (tabla → CSV)."""
    propios = _propios(type(producto))
    if formato not in propios:
        aceptados = ", ".join(propios) or "ninguno"
        raise FormatoNoDisponible(getattr(producto, "SOBRE_FORMATOS", "")
                                  or f"El formato «{formato}» no sirve para este resultado; use uno de: {aceptados}.")
    elegido = propios[formato]
    if a_archivo and elegido.en_archivo is not None:
        return elegido.en_archivo, propios[elegido.en_archivo]
    if a_archivo and elegido.terminal:
        otros = ", ".join(f for f, r in propios.items() if not r.terminal)
        raise FormatoNoDisponible(f"«{formato}» se muestra en la terminal; para escribir un archivo use {otros}.")
    return formato, elegido



def opciones_de(formato: str, renderizador: Renderizador, valores: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Las opciones de escritura que recibe el renderizador: las de su formato (el separador del CSV) y las suyas (el
    papel de un documento), con los `valores` dados y, los que no, los predeterminados."""
    from grafo.formatos.papel import PREDETERMINADO

    todos = {"separador": ",", "papel": PREDETERMINADO, **(valores or {})}
    return {nombre: todos[nombre] for nombre in (*POR_NOMBRE[formato].opciones, *renderizador.opciones)}


def aplicar(renderizador: Renderizador, producto: object, *, nombrar: Nombrar | None = None, **opciones: Any) -> Any:
    """Corre el renderizador (el de la terminal, sobre una consola de rich que crea); lo que escribe para personas
    (la terminal, un texto `legible`) dice las opciones que marca con `errores.opcion` como las nombra `nombrar`
    (la CLI: sus banderas; sin él, como argumentos de Python). El único lugar donde se aplica un renderizador."""
    if renderizador.terminal:
        return renderizador.funcion(producto, _consola()(nombrar), **opciones)
    contenido = renderizador.funcion(producto, **opciones)
    if renderizador.legible and isinstance(contenido, str):
        return nombrar_opciones(contenido, nombrar)
    return contenido


@functools.cache
def _consola() -> type:
    """La clase de consola de rich cuyos textos (una nota como «formato csv da todo») nombran las opciones."""
    from rich.console import Console

    class Consola(Console):
        def __init__(self, nombrar: Nombrar | None) -> None:
            super().__init__()
            self.nombrar = nombrar

        def print(self, *objetos: Any, **opciones: Any) -> None:  # type: ignore[override]
            super().print(*(nombrar_opciones(o, self.nombrar) if isinstance(o, str) else o for o in objetos),
                          **opciones)

    return Consola
