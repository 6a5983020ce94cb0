"""Un servidor SPARQL 1.1 (Virtuoso, Fuseki, GraphDB, Oxigraph server) en lugar del almacén local.

Consultas por el protocolo SPARQL 1.1 (POST de formulario, resultados JSON) y publicación por el
Graph Store Protocol (PUT: reemplaza el grafo con nombre de una vez). Solo biblioteca estándar.
Las credenciales se leen del entorno (`GRAFO_USUARIO`, `GRAFO_CLAVE`), nunca de la línea de órdenes.
"""

from __future__ import annotations

import json
import os
import socket
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from grafo.motores import celdas
from grafo.motores.celdas import Celda
from grafo.errores import ErrorGrafo
from grafo.motores import Resultado
from grafo.rdf.vocabulario import CONJUNTO, GR

if TYPE_CHECKING:
    import urllib.request

    from rdflib import Graph

GRAFO_PREDETERMINADO = str(CONJUNTO)
VARIABLE_USUARIO, VARIABLE_CLAVE = "GRAFO_USUARIO", "GRAFO_CLAVE"
TROZO = 256 * 1024


class ServidorInaccesible(ErrorGrafo):
    """El servidor no responde, rechaza la conexión, las credenciales o la consulta."""


@dataclass(frozen=True)
class Servidor:
    """Un punto SPARQL remoto y el grafo con nombre donde está el grafo de grafo (una `Fuente`)."""

    url: str
    grafo: str = GRAFO_PREDETERMINADO
    tiempo_limite: float = 60.0

    def seleccionar(self, texto: str) -> pd.DataFrame:
        return tabla(self, texto)

    def libre(self, texto: str) -> Resultado:
        respuesta = libre(self, texto)
        if isinstance(respuesta, bool):
            return Resultado(booleano=respuesta)
        if isinstance(respuesta, bytes):
            return Resultado(tripletas=_tripletas(respuesta))
        return Resultado(tabla=respuesta)

    def version(self) -> str:
        filas = tabla(self, f"SELECT ?v WHERE {{ <{CONJUNTO}> <{GR.versionDatos}> ?v }}")
        return str(filas["v"].iloc[0]) if len(filas) else ""

    def contar(self) -> int:
        return int(tabla(self, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")["n"].iloc[0])

    def en_memoria(self) -> Graph:
        cuerpo, _ = consultar(self, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", aceptar="application/n-triples")
        return _tripletas(cuerpo)


def _tripletas(cuerpo: bytes) -> Graph:
    from rdflib import Graph

    tripletas = Graph()
    tripletas.parse(data=cuerpo.decode("utf-8"), format="nt")
    return tripletas


def _credenciales(url: str) -> tuple[str, str, urllib.request.HTTPPasswordMgrWithDefaultRealm] | None:
    """Usuario, clave y su gestor de urllib, del entorno; None si no hay usuario."""
    # urllib.request se importa aquí: las órdenes locales no pagan su costo de arranque.
    import urllib.request

    usuario, clave = os.environ.get(VARIABLE_USUARIO), os.environ.get(VARIABLE_CLAVE) or ""
    if not usuario:
        return None
    claves = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    claves.add_password(None, url, usuario, clave)
    return usuario, clave, claves


def _abridor(url: str) -> urllib.request.OpenerDirector:
    import urllib.request

    credenciales = _credenciales(url)
    if credenciales is None:
        return urllib.request.build_opener()
    # Virtuoso pide Digest; Fuseki y GraphDB suelen pedir Basic: se responde al que pida el servidor.
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(credenciales[2]),
                                       urllib.request.HTTPBasicAuthHandler(credenciales[2]))


def _pedir(url: str, solicitud: urllib.request.Request, tiempo_limite: float, que: str, *,
           autenticar: bool = True, reto: bool = False) -> tuple[bytes, Any]:
    """Cuerpo y cabeceras de la respuesta; cada falla, como ServidorInaccesible en español.

    Con `reto`, un 401 no es error: devuelve sus cabeceras (el desafío WWW-Authenticate).
    """
    import urllib.error
    import urllib.request

    abridor = _abridor(url) if autenticar else urllib.request.build_opener()
    sin_respuesta = (f"El servidor {url} no respondió en {tiempo_limite:g} s al {que}. Cómo corregirlo: pruebe "
                     "más tarde, con --tiempo-limite mayor, o con una consulta más acotada.")
    try:
        with abridor.open(solicitud, timeout=tiempo_limite) as respuesta:
            return respuesta.read(), respuesta.headers
    except urllib.error.HTTPError as error:
        if reto and error.code == 401:
            return b"", error.headers
        cuerpo = error.read().decode("utf-8", "replace").strip()[:600]
        if error.code in (401, 403):
            raise ServidorInaccesible(
                f"El servidor {url} rechazó las credenciales al {que} (HTTP {error.code}). Cómo corregirlo: "
                f"defina {VARIABLE_USUARIO} y {VARIABLE_CLAVE} en el entorno con un usuario que pueda {que}.") from error
        raise ServidorInaccesible(f"El servidor {url} respondió HTTP {error.code} al {que}: {cuerpo}") from error
    except (TimeoutError, socket.timeout) as error:
        raise ServidorInaccesible(sin_respuesta) from error
    except urllib.error.URLError as error:
        motivo = error.reason
        if isinstance(motivo, (TimeoutError, socket.timeout)):
            raise ServidorInaccesible(sin_respuesta) from error
        if isinstance(motivo, (ConnectionRefusedError, socket.gaierror, str)):
            raise ServidorInaccesible(
                f"No se pudo conectar con {url} ({motivo}). Cómo corregirlo: revise la dirección, la red y que "
                "el servidor esté en marcha.") from error
        raise ServidorInaccesible(f"La conexión con {url} se cortó al {que} ({motivo}). Pruebe de nuevo.") from error
    except OSError as error:
        raise ServidorInaccesible(f"La conexión con {url} se cortó al {que} ({error}). Pruebe de nuevo.") from error


def consultar(servidor: Servidor, texto: str, *, aceptar: str = "application/sparql-results+json") -> tuple[bytes, Any]:
    """Envía una consulta por el protocolo SPARQL 1.1 (POST de formulario) y devuelve el cuerpo."""
    import urllib.request

    campos = {"query": texto}
    if servidor.grafo:
        campos["default-graph-uri"] = servidor.grafo
    solicitud = urllib.request.Request(
        servidor.url, data=urllib.parse.urlencode(campos).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8", "Accept": aceptar})
    return _pedir(servidor.url, solicitud, servidor.tiempo_limite, "consultar")


def _celda(celda: dict[str, str] | None) -> Celda:
    if celda is None:
        return None
    if celda.get("type") == "bnode":
        return f"_:{celda.get('value', '')}", ""
    return celda.get("value", ""), celda.get("datatype", "")


def tabla_de_json(cuerpo: bytes) -> pd.DataFrame:
    """Resultados SPARQL JSON → DataFrame, con los mismos valores y tipos que el almacén local."""
    datos = json.loads(cuerpo)
    columnas = list(datos["head"].get("vars", []))
    filas = datos.get("results", {}).get("bindings", [])
    return celdas.tabla(columnas, [[_celda(f.get(c)) for c in columnas] for f in filas])


def tabla(servidor: Servidor, texto: str) -> pd.DataFrame:
    """Un SELECT en el servidor, como DataFrame; un resultado cortado por el servidor es un error."""
    cuerpo, cabeceras = consultar(servidor, texto)
    tope = cabeceras.get("X-SPARQL-MaxRows")
    if tope:
        # Virtuoso corta en silencio en ResultSetMaxRows y solo lo dice en esta cabecera.
        raise ServidorInaccesible(
            f"El servidor {servidor.url} cortó el resultado en {tope} filas. Cómo corregirlo: aumente el límite "
            "del servidor (en Virtuoso, ResultSetMaxRows en la sección [SPARQL] de virtuoso.ini) o acote la consulta.")
    try:
        return tabla_de_json(cuerpo)
    except (ValueError, KeyError) as error:
        raise ServidorInaccesible(f"El servidor {servidor.url} no devolvió resultados SPARQL JSON: {error}.") from error


def libre(servidor: Servidor, texto: str) -> pd.DataFrame | bool | bytes:
    """Una consulta de cualquier forma: tabla (SELECT), sí/no (ASK) o N-Triples (CONSTRUCT, DESCRIBE)."""
    cuerpo, cabeceras = consultar(servidor, texto,
                                  aceptar="application/sparql-results+json, application/n-triples;q=0.9")
    if "json" not in cabeceras.get("Content-Type", ""):
        return cuerpo
    datos = json.loads(cuerpo)
    if "boolean" in datos:
        return bool(datos["boolean"])
    return tabla_de_json(cuerpo)


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

    separador = "&" if urllib.parse.urlparse(url).query else "?"
    destino = f"{url}{separador}{urllib.parse.urlencode({'graph': grafo})}"
    cabeceras = {"Content-Type": "application/n-triples", "Content-Length": str(len(datos))}
    autorizacion = _autorizacion(url, destino, tiempo_limite)
    if autorizacion:
        cabeceras["Authorization"] = autorizacion
    solicitud = urllib.request.Request(destino, data=_Cuerpo(datos, avance), method="PUT", headers=cabeceras)
    _pedir(url, solicitud, tiempo_limite, "publicar", autenticar=False)


def _autorizacion(url: str, destino: str, tiempo_limite: float) -> str | None:
    """La cabecera Authorization para el PUT, pedida antes con un POST vacío (no agrega nada).

    Así el cuerpo grande viaja una sola vez y ya autenticado: si el servidor lo rechaza con 401
    a mitad del envío, la conexión se corta (medido con Virtuoso: «Broken pipe»).
    """
    import base64
    import urllib.request

    credenciales = _credenciales(url)
    if credenciales is None:
        return None
    usuario, clave, claves = credenciales
    prueba = urllib.request.Request(destino, data=b"", method="POST", headers={"Content-Type": "application/n-triples"})
    _, cabeceras = _pedir(url, prueba, tiempo_limite, "publicar", autenticar=False, reto=True)
    reto = cabeceras.get("WWW-Authenticate", "")
    if not reto:
        return None  # el servidor no pide credenciales
    esquema, _, resto = reto.partition(" ")
    if esquema.lower() == "basic":
        return "Basic " + base64.b64encode(f"{usuario}:{clave}".encode()).decode("ascii")
    digest = urllib.request.HTTPDigestAuthHandler(claves)
    parametros = urllib.request.parse_keqv_list(urllib.request.parse_http_list(resto))
    valor = digest.get_authorization(urllib.request.Request(destino, method="PUT"), parametros)
    if valor is None:
        raise ServidorInaccesible(f"El servidor {url} pide una autenticación que grafo no sabe dar: {reto}.")
    return f"Digest {valor}"
