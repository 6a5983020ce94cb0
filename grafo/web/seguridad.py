"""Lo que hace del explorador un servidor y no una puerta: solo lectura, solo este equipo, nada de la red.

- Escucha en 127.0.0.1 salvo que se pida otra dirección (y entonces la CLI dice quién puede leer los datos).
- Rechaza una cabecera Host que no sea una dirección IP, localhost o el nombre con que se le pidió escuchar:
  una página de otro sitio que se hace pasar por este equipo (DNS rebinding) recibe un 400.
- Solo GET y HEAD: no hay nada que escribir.
- Política de contenido estricta en cada respuesta: nada de la red; scripts solo en el mapa (en línea, en
  un marco aislado); ninguna página se muestra dentro de otro sitio.
- Un id con `..`, barras, barras invertidas o caracteres de control es un 404: nunca se usa como ruta.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Mapping

from grafo.formatos.html import IMAGENES_MAPA, en_cabecera, politica

METODOS = frozenset({"GET", "HEAD"})
LOCALES = frozenset({"localhost", "127.0.0.1", "::1"})
MARCOS = "'self'"  # frame-src de las páginas: el mapa del explorador
# Las páginas: sin scripts; el mapa en un marco del mismo sitio (la misma política que su etiqueta <meta>).
POLITICA = en_cabecera(politica(marcos=MARCOS))
# El mapa: la misma página sola de `grafo mapa` (vis-network y sus datos en línea), solo dentro del explorador.
POLITICA_MAPA = en_cabecera(politica(con_scripts=True, imagenes=IMAGENES_MAPA), incrustable=True)
CABECERAS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
             "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Resource-Policy": "same-origin"}


_HOST = re.compile(r"(?:\[(?P<v6>[0-9a-f:.]+)\]|(?P<nombre>[a-z0-9.-]+))(?::\d{1,5})?")
# Las rutas que ponen a trabajar al motor con lo que escribe quien pide (una consulta libre).
COSTOSAS = ("/sparql",)


def nombre_de_host(cabecera: str) -> str | None:
    """`127.0.0.1:8080` → `127.0.0.1`; `[::1]:8080` → `::1`; `localhost.` → `localhost`; None si no es un nombre
    con un puerto opcional (`localhost:abc`, `[::1]x`, con usuario)."""
    hallado = _HOST.fullmatch(cabecera.strip().lower())
    if hallado is None:
        return None
    return hallado["v6"] or hallado["nombre"].rstrip(".")


def desde_otro_sitio(cabeceras: Mapping[str, str], ruta: str) -> bool:
    """Un pedido que otra página hace por su cuenta (una imagen, un script, un formulario de otro sitio): los
    navegadores lo dicen en Sec-Fetch-Site. Se acepta que una persona siga un enlace desde otro sitio (una
    navegación), salvo a una consulta libre, que pone al motor a trabajar."""
    sitio = cabeceras.get("Sec-Fetch-Site", "")
    if sitio not in ("cross-site", "same-site"):
        return False
    return cabeceras.get("Sec-Fetch-Mode") != "navigate" or ruta.startswith(COSTOSAS)


def _es_ip(nombre: str) -> bool:
    try:
        ipaddress.ip_address(nombre)
    except ValueError:
        return False
    return True


def hosts_permitidos(host: str) -> frozenset[str]:
    """Los nombres que puede traer la cabecera Host si se escucha en `host` (además de cualquier IP)."""
    nombres = set(LOCALES) | {host.lower()}
    if host not in LOCALES:  # en la red: también el nombre del equipo, como lo escribiría un colega
        nombres |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return frozenset(nombres)


def host_valido(cabecera: str | None, permitidos: frozenset[str]) -> bool:
    """Un nombre rebindeable (un dominio cualquiera) no pasa; una IP o un nombre permitido, sí."""
    nombre = nombre_de_host(cabecera) if cabecera else None
    return nombre is not None and (_es_ip(nombre) or nombre in permitidos)


def id_valido(ident: str) -> bool:
    """Un id que puede ser de los datos: sin `..`, barras ni caracteres de control (nunca es una ruta)."""
    return bool(ident) and ".." not in ident and not any(c in ident for c in "/\\") and \
        all(c.isprintable() for c in ident) and len(ident) <= 200
