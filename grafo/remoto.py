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

from grafo.errores import ErrorGrafo
from grafo.vocabulario import CONJUNTO

GRAFO_PREDETERMINADO = str(CONJUNTO)
VARIABLE_USUARIO, VARIABLE_CLAVE = "GRAFO_USUARIO", "GRAFO_CLAVE"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_ENTEROS = {f"{_XSD}{t}" for t in ("integer", "long", "int", "short", "byte", "nonNegativeInteger",
                                      "positiveInteger", "unsignedInt", "unsignedLong")}
_DECIMALES = {f"{_XSD}{t}" for t in ("decimal", "double", "float")}
TROZO = 256 * 1024


class ServidorInaccesible(ErrorGrafo):
    """El servidor no responde, rechaza la conexión, las credenciales o la consulta."""


@dataclass(frozen=True)
class Servidor:
    """Un punto SPARQL remoto y el grafo con nombre donde está el grafo de grafo."""

    url: str
    grafo: str = GRAFO_PREDETERMINADO
    tiempo_limite: float = 60.0

    def __str__(self) -> str:
        return self.url


if TYPE_CHECKING:
    import urllib.request


def _abridor(url: str) -> urllib.request.OpenerDirector:
    # urllib.request se importa aquí: las órdenes locales no pagan su costo de arranque.
    import urllib.request

    usuario, clave = os.environ.get(VARIABLE_USUARIO), os.environ.get(VARIABLE_CLAVE)
    if not usuario:
        return urllib.request.build_opener()
    claves = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    claves.add_password(None, url, usuario, clave or "")
    # Virtuoso pide Digest; Fuseki y GraphDB suelen pedir Basic: se responde al que pida el servidor.
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(claves),
                                       urllib.request.HTTPBasicAuthHandler(claves))


def _pedir(url: str, solicitud: urllib.request.Request, tiempo_limite: float, que: str, *,
           autenticar: bool = True) -> tuple[bytes, Any]:
    import urllib.error
    import urllib.request

    abridor = _abridor(url) if autenticar else urllib.request.build_opener()
    try:
        with abridor.open(solicitud, timeout=tiempo_limite) as respuesta:
            return respuesta.read(), respuesta.headers
    except urllib.error.HTTPError as error:
        cuerpo = error.read().decode("utf-8", "replace").strip()[:600]
        if error.code in (401, 403):
            raise ServidorInaccesible(
                f"El servidor {url} rechazó las credenciales al {que} (HTTP {error.code}). Cómo corregirlo: "
                f"defina {VARIABLE_USUARIO} y {VARIABLE_CLAVE} en el entorno con un usuario que pueda {que}.") from error
        raise ServidorInaccesible(f"El servidor {url} respondió HTTP {error.code} al {que}: {cuerpo}") from error
    except (TimeoutError, socket.timeout) as error:
        raise ServidorInaccesible(
            f"El servidor {url} no respondió en {tiempo_limite:g} s al {que}. Cómo corregirlo: pruebe más "
            "tarde, con --tiempo-limite mayor, o con una consulta más acotada.") from error
    except urllib.error.URLError as error:
        motivo = error.reason
        if isinstance(motivo, (TimeoutError, socket.timeout)):
            raise ServidorInaccesible(
                f"El servidor {url} no respondió en {tiempo_limite:g} s al {que}. Cómo corregirlo: pruebe "
                "más tarde o con --tiempo-limite mayor.") from error
        if isinstance(motivo, (ConnectionRefusedError, socket.gaierror, str)):
            raise ServidorInaccesible(
                f"No se pudo conectar con {url} ({motivo}). Cómo corregirlo: revise la dirección, la red y que "
                "el servidor esté en marcha.") from error
        raise ServidorInaccesible(f"La conexión con {url} se cortó al {que} ({motivo}). Pruebe de nuevo.") from error
    except (ConnectionError, OSError) as error:
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


def _valor(celda: dict[str, str] | None, tipo: str) -> object:
    """Una celda del JSON de resultados con el mismo valor que da el almacén local."""
    if celda is None:
        return None
    texto = celda.get("value", "")
    if celda.get("type") == "bnode":
        return f"_:{texto}"
    if texto == "":
        return None
    tipo_dato = celda.get("datatype", "")
    if tipo == "numero":
        if tipo_dato in _ENTEROS and not any(c in texto for c in ".eE"):
            return int(texto)
        if tipo_dato in _ENTEROS | _DECIMALES:
            return float(texto)
        raise ValueError(texto)
    if tipo == "booleano":
        if texto not in ("true", "false", "1", "0"):
            raise ValueError(texto)
        return texto in ("true", "1")
    return texto


def _tipo(celda: dict[str, str] | None) -> str:
    tipo_dato = (celda or {}).get("datatype", "")
    if tipo_dato in _ENTEROS | _DECIMALES:
        return "numero"
    return "booleano" if tipo_dato == f"{_XSD}boolean" else "texto"


def tabla_de_json(cuerpo: bytes) -> pd.DataFrame:
    """Resultados SPARQL JSON → DataFrame; el tipo de cada columna se toma de la primera fila."""
    datos = json.loads(cuerpo)
    columnas = list(datos["head"].get("vars", []))
    filas = datos.get("results", {}).get("bindings", [])
    if not filas:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columnas})
    valores: dict[str, list[object]] = {}
    for columna in columnas:
        tipo = _tipo(filas[0].get(columna))
        try:
            valores[columna] = [_valor(f.get(columna), tipo) for f in filas]
        except ValueError:
            valores[columna] = [_valor(f.get(columna), "texto") for f in filas]
    return pd.DataFrame(valores, columns=columnas, dtype=object)


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
    import urllib.error
    import urllib.request

    usuario, clave = os.environ.get(VARIABLE_USUARIO), os.environ.get(VARIABLE_CLAVE) or ""
    if not usuario:
        return None
    prueba = urllib.request.Request(destino, data=b"", method="POST", headers={"Content-Type": "application/n-triples"})
    try:
        _pedir(url, prueba, tiempo_limite, "publicar", autenticar=False)
        return None  # el servidor no pide credenciales
    except ServidorInaccesible as error:
        desafio = getattr(error.__cause__, "headers", None)
        reto = desafio.get("WWW-Authenticate", "") if desafio is not None and getattr(error.__cause__, "code", 0) == 401 else ""
        if not reto:
            raise
    esquema, _, resto = reto.partition(" ")
    if esquema.lower() == "basic":
        return "Basic " + base64.b64encode(f"{usuario}:{clave}".encode()).decode("ascii")
    claves = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    claves.add_password(None, url, usuario, clave)
    digest = urllib.request.HTTPDigestAuthHandler(claves)
    parametros = urllib.request.parse_keqv_list(urllib.request.parse_http_list(resto))
    valor = digest.get_authorization(urllib.request.Request(destino, method="PUT"), parametros)
    if valor is None:
        raise ServidorInaccesible(f"El servidor {url} pide una autenticación que grafo no sabe dar: {reto}.")
    return f"Digest {valor}"
