"""El intercambio HTTP con un servidor SPARQL: un solo lugar donde cada falla se vuelve un mensaje en español.

Acota el intercambio entero (conexión, cabeceras y cuerpo) con el tiempo límite, no cada lectura:
un servidor que manda un byte por segundo no lo alarga. No sigue redirecciones (la consulta de un
POST se perdería o iría a otro servidor). Digest con MD5, SHA-256, SHA-512-256 o SHA-512, con `auth`
o `auth-int` (RFC 7616). Ninguna clave aparece en un mensaje.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import os
import re
import socket
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request
import zlib
from typing import Any

from grafo.errores import ErrorGrafo, opcion

VARIABLE_USUARIO, VARIABLE_CLAVE = "GRAFO_USUARIO", "GRAFO_CLAVE"
TROZO_LECTURA = 64 * 1024
MAXIMO_RESPUESTA = 1024 * 2**20  # bytes: un grafo de un millón de tripletas en N-Triples pesa ~140 MB


class ServidorInaccesible(ErrorGrafo):
    """El servidor no responde, rechaza la conexión, las credenciales o la consulta."""


def a_la_vista(url: str) -> str:
    """La dirección como se puede mostrar: sin usuario ni clave (aunque la dirección esté mal escrita)."""
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", r"\1…@", url)


def revisar_url(url: str) -> str:
    """Una dirección http(s) sin credenciales; si no, un error que dice cómo darlas."""
    try:
        partes = urllib.parse.urlsplit(url)
        _ = partes.hostname
    except ValueError:
        partes = None
    if partes is not None and partes.hostname and (any(c.isspace() or ord(c) < 32 for c in url)
                                                   or not _nombre_valido(partes.hostname)):
        raise ServidorInaccesible(f"«{a_la_vista(url)}» no es una dirección válida: tiene espacios, caracteres de "
                                  "control o un nombre de servidor mal formado. Cómo corregirlo: escríbala como "
                                  "http://servidor:8890/sparql.")
    if partes is None or partes.scheme not in ("http", "https") or not partes.hostname:
        raise ServidorInaccesible(f"«{a_la_vista(url)}» no es una dirección http:// o https:// de un servidor. "
                                  "Cómo corregirlo: escríbala como http://servidor:8890/sparql.")
    if partes.username is not None or partes.password is not None:
        raise ServidorInaccesible(
            f"La dirección {a_la_vista(url)} lleva usuario o clave: quedarían en el historial de órdenes y a la "
            f"vista de otros usuarios. Cómo corregirlo: quítelos de la dirección y defina {VARIABLE_USUARIO} y "
            f"{VARIABLE_CLAVE} en el entorno.")
    try:
        _ = partes.port
    except ValueError:
        raise ServidorInaccesible(f"El puerto de {a_la_vista(url)} no es un número de 1 a 65535.") from None
    return url


def _nombre_valido(servidor: str) -> bool:
    if servidor.startswith("[") or ":" in servidor:
        return True  # IPv6, ya revisada por urlsplit
    try:
        servidor.encode("idna")
    except UnicodeError:
        return False  # «a..b», una etiqueta de más de 63 caracteres
    return True


# --- Digest (RFC 7616) ------------------------------------------------------------------------

_ALGORITMOS = {"MD5": "md5", "SHA": "sha1", "SHA-256": "sha256", "SHA-512-256": "sha512_256", "SHA-512": "sha512"}


class _Digest(urllib.request.HTTPDigestAuthHandler):
    """El Digest de urllib (solo MD5 y SHA-1, sin `auth-int`) con los algoritmos y la protección de RFC 7616."""

    def get_authorization(self, req: urllib.request.Request, chal: dict[str, str]) -> str | None:
        algoritmo = chal.get("algorithm", "MD5")
        base, _, sesion = algoritmo.upper().partition("-SESS")
        if base not in _ALGORITMOS or "realm" not in chal or "nonce" not in chal:
            raise ServidorInaccesible(f"El servidor pide Digest con el algoritmo «{algoritmo}», que grafo no sabe "
                                      f"calcular (sabe {', '.join(_ALGORITMOS)}). Cómo corregirlo: configure el "
                                      "servidor con uno de esos o con Basic sobre https.")
        nombre = _ALGORITMOS[base]

        def h(texto: str | bytes) -> str:
            return hashlib.new(nombre, texto.encode() if isinstance(texto, str) else texto).hexdigest()

        usuario, clave = self.passwd.find_user_password(chal["realm"], req.full_url)
        if usuario is None:
            return None
        if not all(" " <= c <= "\xff" and c != '"' for c in usuario):
            raise ServidorInaccesible(f"El usuario de {VARIABLE_USUARIO} tiene caracteres que Digest no puede enviar "
                                      "en la cabecera (fuera de Latin-1, o comillas). Cómo corregirlo: use un usuario "
                                      "sin esos caracteres.")
        ofrecidas = [q.strip() for q in chal.get("qop", "").split(",") if q.strip()]
        qop = "auth" if "auth" in ofrecidas else "auth-int" if "auth-int" in ofrecidas else ""
        if ofrecidas and not qop:
            raise ServidorInaccesible(f"El servidor pide Digest con qop «{chal['qop']}», que grafo no conoce.")
        nonce, cnonce = chal["nonce"], self.get_cnonce(chal["nonce"])
        self.nonce_count = self.nonce_count + 1 if nonce == self.last_nonce else 1
        self.last_nonce, nc = nonce, f"{self.nonce_count:08x}"
        a1 = f"{usuario}:{chal['realm']}:{clave}"
        if sesion:
            a1 = f"{h(a1)}:{nonce}:{cnonce}"
        a2 = f"{req.get_method()}:{req.selector}"
        if qop == "auth-int":
            a2 += ":" + h(_cuerpo(req))
        respuesta = h(f"{h(a1)}:{nonce}:{nc}:{cnonce}:{qop}:{h(a2)}" if qop else f"{h(a1)}:{nonce}:{h(a2)}")
        campos = [f'username="{usuario}"', f'realm="{chal["realm"]}"', f'nonce="{nonce}"', f'uri="{req.selector}"',
                  f'response="{respuesta}"', f"algorithm={algoritmo}"]
        if "opaque" in chal:
            campos.append(f'opaque="{chal["opaque"]}"')
        if qop:
            campos += [f"qop={qop}", f"nc={nc}", f'cnonce="{cnonce}"']
        return ", ".join(campos)


def _cuerpo(req: urllib.request.Request) -> bytes:
    datos = req.data
    if datos is None:
        return b""
    return datos if isinstance(datos, bytes) else bytes(getattr(datos, "datos", b""))


class _SinRedirecciones(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_: Any) -> None:
        return None  # urllib levanta entonces el HTTPError 3xx, que se explica abajo


def credenciales(url: str) -> tuple[str, str, urllib.request.HTTPPasswordMgrWithDefaultRealm] | None:
    """Usuario, clave y su gestor de urllib, del entorno; None si no hay usuario."""
    usuario, clave = os.environ.get(VARIABLE_USUARIO), os.environ.get(VARIABLE_CLAVE) or ""
    if not usuario:
        return None
    claves = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    claves.add_password(None, url, usuario, clave)
    return usuario, clave, claves


def digest(claves: urllib.request.HTTPPasswordMgrWithDefaultRealm) -> _Digest:
    return _Digest(claves)


def _abridor(url: str, autenticar: bool) -> urllib.request.OpenerDirector:
    manejadores: list[urllib.request.BaseHandler] = [_SinRedirecciones()]
    datos = credenciales(url) if autenticar else None
    if datos is not None:
        # Virtuoso pide Digest; Fuseki y GraphDB suelen pedir Basic: se responde al que pida el servidor.
        manejadores += [_Digest(datos[2]), urllib.request.HTTPBasicAuthHandler(datos[2])]
    return urllib.request.build_opener(*manejadores)


# --- el intercambio ---------------------------------------------------------------------------


def pedir(url: str, solicitud: urllib.request.Request, tiempo_limite: float, que: str, *,
          autenticar: bool = True, reto: bool = False) -> tuple[bytes, Any]:
    """Cuerpo y cabeceras de la respuesta, todo dentro de `tiempo_limite`; cada falla, como ServidorInaccesible.

    Con `reto`, un 401 no es error: devuelve sus cabeceras (el desafío WWW-Authenticate).
    """
    from grafo.motores.plazo import a_tiempo

    vista = a_la_vista(url)
    cortar = threading.Event()

    def agotado(segundos: float) -> Exception:
        cortar.set()  # el hilo deja de leer en cuanto le llegue el próximo trozo
        return ServidorInaccesible(_sin_respuesta(vista, segundos, que))

    try:
        return a_tiempo(lambda: _intercambiar(url, solicitud, tiempo_limite, autenticar, cortar), tiempo_limite,
                        agotado=agotado)
    except ServidorInaccesible:
        raise
    except urllib.error.HTTPError as error:
        if reto and error.code == 401:
            return b"", error.headers
        raise ServidorInaccesible(explicar(error, vista, tiempo_limite, que)) from None
    except Exception as error:  # noqa: BLE001 - cada falla de red o de HTTP se explica en explicar
        raise ServidorInaccesible(explicar(error, vista, tiempo_limite, que)) from None


def _intercambiar(url: str, solicitud: urllib.request.Request, tiempo_limite: float, autenticar: bool,
                  cortar: threading.Event) -> tuple[bytes, Any]:
    with _abridor(url, autenticar).open(solicitud, timeout=tiempo_limite) as respuesta:
        partes, total = [], 0
        while not cortar.is_set():
            trozo = respuesta.read1(TROZO_LECTURA)
            if not trozo:
                break
            total += len(trozo)
            if total > MAXIMO_RESPUESTA:
                raise ServidorInaccesible(_demasiado(url))
            partes.append(trozo)
        esperado = respuesta.headers.get("Content-Length")
        cuerpo = b"".join(partes)
        if esperado and esperado.isdigit() and len(cuerpo) < int(esperado):
            raise http.client.IncompleteRead(cuerpo, int(esperado) - len(cuerpo))
        return _descomprimir(url, cuerpo, respuesta.headers.get("Content-Encoding", "")), respuesta.headers


def _demasiado(url: str) -> str:
    return (f"La respuesta de {a_la_vista(url)} pasa de {MAXIMO_RESPUESTA // 2**20} MiB y se cortó: no cabría en "
            "la memoria. Cómo corregirlo: acote la consulta (LIMIT, un FILTER) o use "
            f"{opcion('datos')} en vez del servidor.")


def _descomprimir(url: str, cuerpo: bytes, codificacion: str) -> bytes:
    """Un cuerpo gzip o deflate (grafo no lo pide, algunos proxies lo mandan igual), con el mismo tope."""
    codificacion = codificacion.strip().lower()
    if codificacion not in ("gzip", "x-gzip", "deflate"):
        return cuerpo
    descompresor = zlib.decompressobj(wbits=47 if "gzip" in codificacion else 15)
    salida = descompresor.decompress(cuerpo, MAXIMO_RESPUESTA + 1)
    if len(salida) > MAXIMO_RESPUESTA:
        raise ServidorInaccesible(_demasiado(url))
    if not descompresor.eof:
        raise zlib.error("incompleto")
    return salida


def _sin_respuesta(vista: str, tiempo_limite: float, que: str) -> str:
    return (f"El servidor {vista} no respondió en {tiempo_limite:g} s al {que}. Cómo corregirlo: pruebe más tarde, "
            f"con {opcion('tiempo_limite')} mayor, o con una consulta más acotada.")


# Las fallas de red de mensaje fijo (con la dirección y lo que se hacía), en el orden en que se prueban.
_FIJOS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    (ConnectionRefusedError, "No se pudo conectar con {vista}: la conexión fue rechazada (nadie escucha en ese "
                             "puerto). Cómo corregirlo: revise el puerto de la dirección y que el servidor esté en marcha."),
    (socket.gaierror, "No se pudo conectar con {vista}: no se encontró ese nombre de servidor. Cómo corregirlo: "
                      "revise cómo está escrito y la conexión a la red."),
    (ConnectionResetError, "El servidor {vista} cortó la conexión al {que} sin responder (¿https a un puerto http, "
                           "o un proxy que no deja pasar?). Cómo corregirlo: revise http/https y el puerto, y pruebe "
                           "de nuevo."),
    ((zlib.error, EOFError, gzip.BadGzipFile), "La respuesta comprimida de {vista} llegó dañada al {que}: no se pudo "
                                               "descomprimir. Pruebe de nuevo."),
)


def explicar(error: BaseException, vista: str, tiempo_limite: float, que: str) -> str:
    """Cada falla del intercambio, en una frase que dice qué pasó y qué hacer."""
    if isinstance(error, ServidorInaccesible):
        return str(error)
    if isinstance(error, urllib.error.HTTPError):
        return _explicar_http(error, vista, que)
    motivo = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(motivo, (TimeoutError, socket.timeout)):
        return _sin_respuesta(vista, tiempo_limite, que)
    for tipos, mensaje in _FIJOS:
        if isinstance(motivo, tipos):
            return mensaje.format(vista=vista, que=que)
    if isinstance(motivo, str):
        return (f"No se pudo conectar con {vista} ({_sin_claves(motivo)}). Cómo corregirlo: revise la "
                "dirección, la red y que el servidor esté en marcha.")
    if isinstance(motivo, ssl.SSLError):
        return (f"No se pudo establecer la conexión segura (https) con {vista}: {motivo.reason or 'error de TLS'}. "
                "Cómo corregirlo: revise si el servidor usa http o https y su certificado.")
    if isinstance(motivo, http.client.IncompleteRead):
        faltan = f"; faltaban {motivo.expected}" if motivo.expected is not None else ""
        return (f"La respuesta de {vista} llegó incompleta al {que} ({len(motivo.partial)} bytes{faltan}): el "
                "servidor o la red cortó la conexión. Pruebe de nuevo.")
    if isinstance(motivo, http.client.HTTPException):
        return (f"El servidor {vista} respondió algo que no es HTTP al {que} ({type(motivo).__name__}). Cómo "
                "corregirlo: revise que la dirección sea la del punto SPARQL (suele terminar en /sparql).")
    return f"La conexión con {vista} se cortó al {que} ({_sin_claves(str(motivo))}). Pruebe de nuevo."


def _explicar_http(error: urllib.error.HTTPError, vista: str, que: str) -> str:
    if 300 <= error.code < 400:
        destino = a_la_vista(urllib.parse.urljoin(error.url or vista, error.headers.get("Location", "")))
        return (f"El servidor {vista} respondió con una redirección (HTTP {error.code}) a {destino}. grafo no la "
                "sigue: la consulta se perdería o iría a otro servidor. Cómo corregirlo: si esa es la dirección "
                f"de su servidor, úsela en {opcion('endpoint')}.")
    if error.code in (401, 403):
        return (f"El servidor {vista} rechazó las credenciales al {que} (HTTP {error.code}). Cómo corregirlo: "
                f"defina {VARIABLE_USUARIO} y {VARIABLE_CLAVE} en el entorno con un usuario que pueda {que}.")
    try:
        cuerpo = error.read().decode("utf-8", "replace").strip()[:600]
    except (OSError, http.client.HTTPException):
        cuerpo = ""
    return f"El servidor {vista} respondió HTTP {error.code} al {que}: {_sin_claves(cuerpo)}"


def _sin_claves(texto: str) -> str:
    """Un texto que vino de fuera (el servidor, el sistema); si repite la clave del entorno, no se muestra."""
    clave = os.environ.get(VARIABLE_CLAVE)
    if clave and clave in texto:
        return "(el detalle no se muestra: repite la clave de GRAFO_CLAVE)"
    return texto

