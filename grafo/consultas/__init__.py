"""Consultas SPARQL con nombre: archivos `.rq` dentro del paquete, con cabeceras de metadatos.

Cada archivo empieza con comentarios `# titulo:`, `# descripcion:`, `# parametros:` y,
si devuelve listas, `# listas:` (columnas cuyo valor es una lista de ids separada por `;`).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import pandas as pd
import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph, Literal, URIRef

from grafo.errores import ConsultaInvalida

SEPARADOR_LISTA = ";"
_NUMERICOS = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#long": int,
    "http://www.w3.org/2001/XMLSchema#int": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#double": float,
    "http://www.w3.org/2001/XMLSchema#float": float,
}


@dataclass(frozen=True)
class Consulta:
    """Una consulta con nombre, como las `canned queries` de datasette."""

    nombre: str
    titulo: str
    descripcion: str
    parametros: str
    listas: tuple[str, ...]
    texto: str


def _cabeceras(texto: str) -> dict[str, str]:
    valores: dict[str, str] = {}
    for linea in texto.splitlines():
        if not linea.startswith("#"):
            break
        clave, _, valor = linea.lstrip("# ").partition(":")
        if valor:
            valores[clave.strip().lower()] = valor.strip()
    return valores


def listar() -> list[str]:
    """Nombres de las consultas incluidas, en orden alfabético."""
    carpeta = resources.files(__name__)
    return sorted(r.name.removesuffix(".rq") for r in carpeta.iterdir() if r.name.endswith(".rq"))


def cargar(nombre: str) -> Consulta:
    """Lee una consulta por su nombre; un nombre desconocido sugiere los parecidos."""
    recurso = resources.files(__name__).joinpath(f"{nombre}.rq")
    if not recurso.is_file():
        import difflib

        parecidas = difflib.get_close_matches(nombre, listar(), n=3)
        pista = f" ¿Quiso decir {', '.join(parecidas)}?" if parecidas else ""
        raise ConsultaInvalida(f"No existe la consulta «{nombre}».{pista} Vea la lista con «grafo consultas».")
    texto = recurso.read_text(encoding="utf-8")
    meta = _cabeceras(texto)
    listas = tuple(c.strip() for c in meta.get("listas", "").split(",") if c.strip())
    return Consulta(nombre, meta.get("titulo", nombre), meta.get("descripcion", ""), meta.get("parametros", ""), listas, texto)


def _de_ox(termino: object) -> object:
    if termino is None:
        return None
    if isinstance(termino, ox.Literal):
        convertir = _NUMERICOS.get(termino.datatype.value)
        if convertir is not None:
            return convertir(termino.value)
        if termino.datatype.value.endswith("#boolean"):
            return termino.value == "true"
        return termino.value
    return getattr(termino, "value", str(termino))


def _de_rdflib(termino: object) -> object:
    if termino is None:
        return None
    if isinstance(termino, Literal):
        valor = termino.toPython()
        return valor if isinstance(valor, (int, float, bool)) else str(termino)
    if isinstance(termino, URIRef):
        return str(termino)
    return str(termino)


def ejecutar_texto(grafo: Graph, texto: str) -> pd.DataFrame:
    """Ejecuta un SELECT y devuelve un DataFrame con una columna por variable."""
    almacen = grafo.store
    if isinstance(almacen, OxigraphStore):
        # Directo a pyoxigraph: convertir cada término a rdflib cuesta más que la consulta misma.
        soluciones = almacen._inner.query(texto)
        if not isinstance(soluciones, ox.QuerySolutions):
            raise ConsultaInvalida("Solo las consultas SELECT devuelven una tabla.")
        columnas = [v.value for v in soluciones.variables]
        filas = [[_de_ox(s[i]) for i in range(len(columnas))] for s in soluciones]
    else:
        resultado = grafo.query(texto)
        columnas = [str(v) for v in resultado.vars or []]
        filas = [[_de_rdflib(t) for t in fila] for fila in resultado]  # type: ignore[union-attr]
    return pd.DataFrame(filas, columns=columnas)


def ejecutar(grafo: Graph, consulta: Consulta) -> pd.DataFrame:
    """Ejecuta una consulta con nombre; las columnas de lista salen como listas ordenadas."""
    tabla = ejecutar_texto(grafo, consulta.texto)
    for columna in consulta.listas:
        if columna in tabla.columns:
            tabla[columna] = tabla[columna].map(
                lambda v: sorted(set(filter(None, str(v or "").split(SEPARADOR_LISTA)))))
    return tabla
