"""El cliente de un servidor SPARQL 1.1 remoto (Virtuoso, Fuseki, GraphDB, Oxigraph server), en lugar del
almacén local.

Consultas por el protocolo SPARQL 1.1 (POST de formulario, resultados JSON) y publicación por el
Graph Store Protocol (PUT: reemplaza el grafo con nombre de una vez). Solo biblioteca estándar.
Las credenciales se leen del entorno (`GRAFO_USUARIO`, `GRAFO_CLAVE`), nunca de la línea de órdenes.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from grafo.errores import opcion
from grafo.motores import ResultadoLibre, celdas
from grafo.motores.celdas import Celda
from grafo.motores.traza import Traza, medir
from grafo.motores.protocolo import (VARIABLE_CLAVE, VARIABLE_USUARIO, ServidorInaccesible, a_la_vista, credenciales,
                                    digest, pedir, revisar_url)
from grafo.rdf.vocabulario import CONJUNTO, GR

if TYPE_CHECKING:
    import urllib.request

    import pyoxigraph as ox

    from rdflib import Graph

GRAFO_PREDETERMINADO = str(CONJUNTO)
TROZO = 256 * 1024
__all__ = ["VARIABLE_CLAVE", "VARIABLE_USUARIO", "Remoto", "ServidorInaccesible", "publicar"]


@dataclass(frozen=True)
class Remoto:
    """Un punto SPARQL remoto y el grafo con nombre donde está el grafo de grafo (una `Fuente`)."""

    url: str
    grafo: str = GRAFO_PREDETERMINADO
    tiempo_limite: float = 60.0
    traza: Traza | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        revisar_url(self.url)

    @property
    def vista(self) -> str:
        return a_la_vista(self.url)

    def seleccionar(self, texto: str) -> pd.DataFrame:
        return tabla(self, texto)

    def seleccionar_filas(self, texto: str) -> celdas.Filas:
        return celdas.Filas.de_tabla(tabla(self, texto))

    def libre(self, texto: str) -> ResultadoLibre:
        respuesta = libre(self, texto)
        if isinstance(respuesta, bool):
            return ResultadoLibre(booleano=respuesta)
        if isinstance(respuesta, bytes):
            return ResultadoLibre(tripletas=_tripletas(self, respuesta))
        return ResultadoLibre(tabla=respuesta)

    def version(self) -> str:
        filas = tabla(self, f"SELECT ?v WHERE {{ <{CONJUNTO}> <{GR.versionDatos}> ?v }}")
        return str(filas["v"].iloc[0]) if len(filas) else ""

    def contar(self) -> int:
        filas = tabla(self, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        try:
            return int(filas["n"].iloc[0])
        except (KeyError, IndexError, TypeError, ValueError):
            raise _no_es_sparql(self, "la cuenta de tripletas no es un número") from None

    def _volcado(self) -> bytes:
        """Todo el grafo del servidor en N-Triples."""
        cuerpo, cabeceras = consultar(self, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                      aceptar="application/n-triples")
        _no_es_html(self, cabeceras, cuerpo)
        return cuerpo

    def en_memoria(self) -> Graph:
        return _tripletas(self, self._volcado())

    def en_oxigraph(self) -> ox.Store:
        import pyoxigraph as ox

        cuerpo = self._volcado()
        copia = ox.Store()
        try:
            copia.load(cuerpo, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        except (SyntaxError, ValueError) as error:
            raise _no_es_sparql(self, f"las tripletas no son N-Triples: {type(error).__name__}") from None
        return copia


def _no_es_sparql(servidor: Remoto, detalle: str) -> ServidorInaccesible:
    return ServidorInaccesible(
        f"El servidor {servidor.vista} no devolvió resultados SPARQL válidos ({detalle}). Cómo corregirlo: revise "
        f"que {opcion('endpoint')} sea la dirección del punto SPARQL (suele terminar en /sparql) y que el servidor funcione.")


def _no_es_html(servidor: Remoto, cabeceras: Any, cuerpo: bytes) -> None:
    """Una página HTML con 200 (un portal, un inicio de sesión, un proxy) no son resultados."""
    tipo = (cabeceras.get("Content-Type") or "").lower()
    if "html" in tipo or cuerpo.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        raise _no_es_sparql(servidor, "respondió una página HTML")


def _tripletas(servidor: Remoto, cuerpo: bytes) -> Graph:
    from rdflib import Graph

    tripletas = Graph()
    try:
        tripletas.parse(data=cuerpo.decode("utf-8"), format="nt")
    except Exception as error:  # noqa: BLE001 - rdflib levanta de varias clases según el defecto
        raise _no_es_sparql(servidor, f"las tripletas no son N-Triples: {type(error).__name__}") from None
    return tripletas


def consultar(servidor: Remoto, texto: str, *, aceptar: str = "application/sparql-results+json") -> tuple[bytes, Any]:
    """Envía una consulta por el protocolo SPARQL 1.1 (POST de formulario) y devuelve cuerpo y cabeceras."""
    import urllib.request

    campos = {"query": texto}
    if servidor.grafo:
        campos["default-graph-uri"] = servidor.grafo
    solicitud = urllib.request.Request(
        servidor.url, data=urllib.parse.urlencode(campos).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8", "Accept": aceptar})
    cuerpo, cabeceras = medir(servidor.traza, texto,
                              lambda: pedir(servidor.url, solicitud, servidor.tiempo_limite, "consultar"))
    tope = cabeceras.get("X-SPARQL-MaxRows")
    if tope:
        # Virtuoso corta en silencio en ResultSetMaxRows y solo lo dice en esta cabecera.
        raise ServidorInaccesible(
            f"El servidor {servidor.vista} cortó el resultado en {tope} filas. Cómo corregirlo: aumente el límite "
            "del servidor (en Virtuoso, ResultSetMaxRows en la sección [SPARQL] de virtuoso.ini) o acote la consulta.")
    return cuerpo, cabeceras


def _celda(celda: object) -> Celda:
    if celda is None:
        return None
    if not isinstance(celda, dict) or not isinstance(celda.get("value"), str):
        raise ValueError("un valor no es un objeto con «value»")
    if celda.get("type") == "bnode":
        return f"_:{celda['value']}", ""
    tipo = celda.get("datatype", "")
    return celda["value"], tipo if isinstance(tipo, str) else ""


def _motivo_json(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "el JSON anida demasiados niveles"
    if isinstance(error, UnicodeDecodeError):
        return "el texto no está en UTF-8"
    if isinstance(error, json.JSONDecodeError):
        return "el JSON está cortado o mal escrito"
    return str(error)


def _json(cuerpo: bytes) -> dict[str, Any]:
    datos = json.loads(cuerpo)
    if not isinstance(datos, dict):
        raise ValueError("la respuesta no es un objeto JSON")
    return datos


def tabla_de_json(cuerpo: bytes) -> pd.DataFrame:
    """Resultados SPARQL JSON → DataFrame, con los mismos valores y tipos que el almacén local."""
    datos = _json(cuerpo)
    cabeza, resultados = datos.get("head"), datos.get("results")
    if not isinstance(cabeza, dict) or not isinstance(resultados, dict):
        raise ValueError("faltan «head» o «results»")
    columnas, filas = cabeza.get("vars", []), resultados.get("bindings")
    if not isinstance(columnas, list) or not all(isinstance(c, str) for c in columnas) \
            or not isinstance(filas, list) or not all(isinstance(f, dict) for f in filas):
        raise ValueError("«vars» o «bindings» no tienen la forma de SPARQL 1.1")
    return celdas.tabla(columnas, [[_celda(f.get(c)) for c in columnas] for f in filas])


def tabla(servidor: Remoto, texto: str) -> pd.DataFrame:
    """Un SELECT en el servidor, como DataFrame; un resultado cortado o mal formado es un error."""
    cuerpo, cabeceras = consultar(servidor, texto)
    _no_es_html(servidor, cabeceras, cuerpo)
    try:
        return tabla_de_json(cuerpo)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise _no_es_sparql(servidor, _motivo_json(error)) from None


def libre(servidor: Remoto, texto: str) -> pd.DataFrame | bool | bytes:
    """Una consulta de cualquier forma: tabla (SELECT), sí/no (ASK) o N-Triples (CONSTRUCT, DESCRIBE)."""
    cuerpo, cabeceras = consultar(servidor, texto,
                                  aceptar="application/sparql-results+json, application/n-triples;q=0.9")
    _no_es_html(servidor, cabeceras, cuerpo)
    if "json" not in (cabeceras.get("Content-Type") or ""):
        return cuerpo
    try:
        datos = _json(cuerpo)
        if "boolean" in datos:
            if not isinstance(datos["boolean"], bool):
                raise ValueError("«boolean» no es true ni false")
            return datos["boolean"]
        return tabla_de_json(cuerpo)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise _no_es_sparql(servidor, _motivo_json(error)) from None


class _Cuerpo:
    """Cuerpo de la petición en trozos, que informa el avance y se puede reenviar (p. ej. tras pedir Digest)."""

    def __init__(self, datos: bytes, avance: Callable[[int], None] | None) -> None:
        self.datos, self.avance = datos, avance

    def __iter__(self) -> Iterator[bytes]:
        for inicio in range(0, len(self.datos), TROZO):
            trozo = self.datos[inicio:inicio + TROZO]
            yield trozo
            if self.avance is not None:
                self.avance(inicio + len(trozo))


def publicar(datos: bytes, url: str, *, grafo: str = GRAFO_PREDETERMINADO, tiempo_limite: float = 600.0,
             avance: Callable[[int], None] | None = None) -> None:
    """Reemplaza el grafo con nombre `grafo` en el servicio Graph Store `url` con `datos` (N-Triples).

    Un solo PUT: el protocolo lo define como reemplazo del grafo entero, así que quien consulta
    ve el grafo anterior o el nuevo, nunca una mezcla a medio cargar.
    """
    import urllib.request

    revisar_url(url)
    separador = "&" if urllib.parse.urlparse(url).query else "?"
    destino = f"{url}{separador}{urllib.parse.urlencode({'graph': grafo})}"
    cabeceras = {"Content-Type": "application/n-triples", "Content-Length": str(len(datos))}
    autorizacion = _autorizacion(url, destino, tiempo_limite, datos)
    if autorizacion:
        cabeceras["Authorization"] = autorizacion
    solicitud = urllib.request.Request(destino, data=_Cuerpo(datos, avance), method="PUT", headers=cabeceras)
    try:
        pedir(url, solicitud, tiempo_limite, "publicar", autenticar=False)
    except ServidorInaccesible:
        if autorizacion:
            # Con credenciales equivocadas, Virtuoso responde 401 y cierra antes de leer el cuerpo: el cliente ve
            # «Broken pipe» (una de cada tres veces, medido). Un POST vacío con las mismas credenciales dice si
            # fue eso; si las acepta, no agrega nada y el error es el del PUT.
            pedir(url, _post_vacio(destino), tiempo_limite, "publicar")
        raise


def _post_vacio(destino: str) -> urllib.request.Request:
    """Un POST sin tripletas al grafo: no agrega nada, y dice qué pide el servidor (o si acepta las credenciales)."""
    import urllib.request

    return urllib.request.Request(destino, data=b"", method="POST", headers={"Content-Type": "application/n-triples"})


def _autorizacion(url: str, destino: str, tiempo_limite: float, datos: bytes) -> str | None:
    """La cabecera Authorization para el PUT, pedida antes con un POST vacío (no agrega nada).

    Así el cuerpo grande viaja una sola vez y ya autenticado: si el servidor lo rechaza con 401
    a mitad del envío, la conexión se corta (medido con Virtuoso: «Broken pipe»).
    """
    import base64
    import urllib.request

    datos_clave = credenciales(url)
    if datos_clave is None:
        return None
    usuario, clave, claves = datos_clave
    _, cabeceras = pedir(url, _post_vacio(destino), tiempo_limite, "publicar", autenticar=False, reto=True)
    reto = cabeceras.get("WWW-Authenticate", "")
    if not reto:
        return None  # el servidor no pide credenciales
    esquema, _, resto = reto.partition(" ")
    if esquema.lower() == "basic":
        return "Basic " + base64.b64encode(f"{usuario}:{clave}".encode()).decode("ascii")
    parametros = urllib.request.parse_keqv_list(urllib.request.parse_http_list(resto))
    valor = digest(claves).get_authorization(urllib.request.Request(destino, data=datos, method="PUT"), parametros) \
        if esquema.lower() == "digest" else None
    if valor is None:
        raise ServidorInaccesible(f"El servidor {a_la_vista(url)} pide una autenticación que grafo no sabe dar "
                                  f"({esquema}). Cómo corregirlo: configure el servidor con Basic sobre https o Digest.")
    return f"Digest {valor}"
