"""La aplicación Flask del explorador: seguridad en cada petición, recarga de los datos y páginas de error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grafo.errores import ErrorGrafo
from grafo.web import seguridad
from grafo.web.estado import Explorador, SinVersionBuena

if TYPE_CHECKING:
    from flask import Flask, Response

    from grafo.proyecto import Proyecto

# Hilos que atienden peticiones: una consulta lenta ocupa uno (Oxigraph suelta el GIL mientras consulta) y las
# demás páginas siguen respondiendo. Con 8, diez consultas lentas a la vez dejaban una página esperando 2,7 s; con
# 16, 6 ms (medido: docs/explorador.md).
HILOS = 16


def crear(abrir: Callable[[], Proyecto], *, datos: Path | None = None, host: str = "127.0.0.1") -> Flask:
    """La aplicación del explorador sobre el proyecto que `abrir` crea (otra vez cada vez que cambian `datos`)."""
    from flask import Flask

    from grafo.web import rutas_consultas, rutas_entidades, rutas_productos

    app = Flask(__name__, static_folder=None)
    app.config["GRAFO"] = Explorador(abrir, datos=datos)
    app.config["GRAFO_HOSTS"] = seguridad.hosts_permitidos(host)
    app.config["MAX_CONTENT_LENGTH"] = 0  # nadie envía nada
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.before_request(_antes)
    app.after_request(_despues)
    for modulo in (rutas_entidades, rutas_consultas, rutas_productos):
        app.register_blueprint(modulo.rutas)
    app.register_error_handler(404, _no_encontrada)
    app.register_error_handler(405, _metodo)
    app.register_error_handler(SinVersionBuena, _sin_version)
    app.register_error_handler(ErrorGrafo, _error_grafo)
    app.register_error_handler(500, _falla)
    return app


def _antes() -> Response | None:
    from flask import current_app, request

    from grafo.web.paginas import mostrar_error

    # Lo rechazado no lleva el aviso de los datos: una página ajena no lee por ahí ni una celda.
    if request.method not in seguridad.METODOS:
        return mostrar_error(405, "Método no permitido", "El explorador solo muestra: acepta GET y HEAD.",
                             cabeceras={"Allow": "GET, HEAD"}, con_aviso=False)
    if not seguridad.host_valido(request.headers.get("Host"), current_app.config["GRAFO_HOSTS"]):
        return mostrar_error(400, "Dirección no permitida", "Este explorador solo responde a las direcciones de "
                             "este equipo (127.0.0.1 o localhost).", con_aviso=False)
    if seguridad.desde_otro_sitio(request.headers, request.path):
        return mostrar_error(403, "Pedido desde otra página", "Otra página pidió esto por su cuenta; el explorador "
                             "solo responde a lo que se pide desde él. Ábralo escribiendo su dirección.",
                             con_aviso=False)
    current_app.config["GRAFO"].revisar()
    return None


def _despues(respuesta: Response) -> Response:
    from flask import request

    respuesta.headers.setdefault("Content-Security-Policy",
                                 seguridad.POLITICA_MAPA if request.path == "/mapa/ver" else seguridad.POLITICA)
    for nombre, valor in seguridad.CABECERAS.items():
        respuesta.headers.setdefault(nombre, valor)
    respuesta.headers.setdefault("Cache-Control", "no-store")  # cada recarga ve los datos de ahora
    return respuesta


def _no_encontrada(_error: Any) -> Response:
    from grafo.web.paginas import mostrar_error

    return mostrar_error(404, "Página no encontrada", "Esta dirección no es una página del explorador.")


def _metodo(_error: Any) -> Response:
    from grafo.web.paginas import mostrar_error

    return mostrar_error(405, "Método no permitido", "El explorador solo muestra: acepta GET y HEAD.",
                         cabeceras={"Allow": "GET, HEAD"})


def _falla(_error: Any) -> Response:
    from grafo.web.paginas import mostrar_error

    return mostrar_error(500, "Falla del explorador", "Algo falló al armar esta página (un error de grafo, no de sus "
                         "datos). La terminal donde corre grafo servir muestra el detalle; las demás páginas siguen "
                         "funcionando.", con_aviso=False)


def _sin_version(_error: SinVersionBuena) -> Response:
    from grafo.web.paginas import mostrar_error

    return mostrar_error(503, "Los datos tienen problemas", "No hay una versión buena de los datos que mostrar "
                         "todavía: corrija los problemas de arriba, guarde y recargue la página.")


def _error_grafo(error: ErrorGrafo) -> Response:
    from grafo.web.paginas import CAMPO, mostrar_error

    return mostrar_error(400, "No se pudo responder", error.texto(CAMPO))


def servir(app: Flask, *, host: str = "127.0.0.1", puerto: int = 8080, hilos: int = HILOS,
           al_escuchar: Callable[[str, int], None] | None = None) -> None:
    """Sirve la aplicación con waitress hasta Ctrl-C; `al_escuchar` recibe la dirección y el puerto (con `puerto`
    0, uno libre) donde ya escucha."""
    from waitress.server import create_server

    servidor = create_server(app, host=host, port=puerto, threads=hilos, channel_timeout=120, ident="grafo",
                             clear_untrusted_proxy_headers=True)
    if al_escuchar is not None:
        al_escuchar(str(servidor.effective_host), int(servidor.effective_port))  # type: ignore[union-attr]
    try:
        servidor.run()
    finally:
        servidor.close()
