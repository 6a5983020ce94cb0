"""Las páginas del explorador: un entorno de Jinja2 (autoescape) cuyas plantillas extienden la base de todas las
salidas HTML de grafo (`formatos/plantillas/base.html`), y lo que toda página lleva (el aviso de los datos, la
versión, el menú)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from grafo.formatos.estilo import PALETA
from grafo.formatos.html import politica
from grafo.web import enlaces
from grafo.web.seguridad import MARCOS

if TYPE_CHECKING:
    from flask import Response

    from grafo.dominio.recurso import Indice
    from grafo.web.estado import Explorador

# El menú de cada página: (dirección, texto).
MENU = (("/", "Inicio"), ("/buscar", "Buscar"), ("/instituciones", "Instituciones"), ("/consultas", "Consultas"),
        ("/mapa", "Mapa"), ("/reunion", "Reunión"), ("/seguimiento", "Seguimiento"), ("/marcos", "Pacto y ODS"),
        ("/matrices/elegir", "Matrices"), ("/sparql", "SPARQL"))


# Cuántas filas de una tabla muestra una página (la que tiene más lo dice; su CSV las trae todas).
LIMITE_FILAS = 1000


# Las opciones que no son un campo de un formulario: cómo se dicen en el explorador.
_NO_SON_CAMPOS = {"parametro": "", "tiempo_limite": "el tiempo límite con que se abrió el explorador (grafo servir)"}


def CAMPO(nombre: str) -> str:
    """Cómo el explorador nombra una opción que un mensaje de la biblioteca marca: su campo en el formulario."""
    return _NO_SON_CAMPOS.get(nombre, f"el campo «{nombre.replace('_', ' ')}»")


@functools.cache
def _entorno() -> Any:
    from jinja2 import ChoiceLoader, Environment, PackageLoader

    cargador = ChoiceLoader([PackageLoader("grafo.web", "plantillas"), PackageLoader("grafo.formatos", "plantillas")])
    entorno = Environment(loader=cargador, autoescape=True, keep_trailing_newline=True,
                          extensions=["jinja2.ext.loopcontrols"])
    from grafo.dominio.citas import LEYENDA_CITAS, LEYENDA_FUNDAMENTA, procedencia
    entorno.globals.update(paleta=PALETA, menu=MENU, ruta=enlaces.ruta, enlace=enlaces.enlace, campo=CAMPO,
                           valor=_valor, marca=_marca, columna=_columna, celda=_celda, acotar=_acotar,
                           procedencia=procedencia, leyenda_citas=LEYENDA_CITAS, leyenda_fundamenta=LEYENDA_FUNDAMENTA,
                           limite_filas=LIMITE_FILAS)
    return entorno


def _columna(columna: str) -> str:
    """El encabezado de una columna en palabras: `fecha_reunion` → «fecha reunión» (las clases, con su nombre)."""
    from grafo.clases import POR_CLAVE
    from grafo.texto import nombre_de_columna

    return " ".join(POR_CLAVE[p].singular if p in POR_CLAVE else nombre_de_columna(p) for p in columna.split("_"))


def _valor(valor: Any) -> Any:
    return enlaces.valor(valor, indice())


def _marca(clase: str, ident: str) -> str:
    return indice().marca(clase, ident)


def _celda(valor: Any, columna: str) -> Any:
    return enlaces.celda(valor, columna, indice())


def _acotar(faceta: str, valor: str, elegido: bool) -> str:
    """La búsqueda de ahora con este valor de faceta agregado (o quitado, si ya estaba elegido)."""
    from urllib.parse import urlencode

    from flask import request

    pares = [(k, v) for k, v in request.args.items(multi=True) if not (k == faceta and v == valor)]
    if not elegido:
        pares.append((faceta, valor))
    return f"/buscar?{urlencode(pares)}"


def explorador() -> Explorador:
    from flask import current_app

    return current_app.config["GRAFO"]  # type: ignore[no-any-return]


def indice() -> Indice:
    """Cada entidad con su nombre (para enlazar un id donde aparezca), una vez por versión de los datos."""
    from grafo.dominio.recurso import indexar

    def armar(p: Any) -> Indice:
        tablas = p.tablas(("textos", "acciones", "acuerdos"))
        return indexar(tablas["textos"].to_dict("records"), acciones=tablas["acciones"].to_dict("records"),
                       acuerdos=tablas["acuerdos"].to_dict("records"))

    return explorador().producto("indice", armar)


def html(nombre: str, **contexto: Any) -> str:
    """La plantilla `nombre` con lo que toda página lleva."""
    from flask import request

    estado = explorador()
    try:
        version = estado.proyecto.version()
    except Exception:  # noqa: BLE001 - sin versión buena: la página de problemas lo dice
        version = None
    return _entorno().get_template(nombre).render(aviso=estado.aviso, version=version, aqui=request.path,
                                                  politica=politica(marcos=MARCOS), **contexto)


def mostrar(nombre: str, *, estado: int = 200, **contexto: Any) -> Response:
    from flask import make_response

    respuesta = make_response(html(nombre, **contexto), estado)
    respuesta.mimetype = "text/html"
    return respuesta


def mostrar_error(estado: int, titulo: str, texto: str, *, parecidos: list[tuple[str, str]] | None = None,
                  cabeceras: dict[str, str] | None = None, con_aviso: bool = True) -> Response:
    """Una página de error en español (404 con «¿Quiso decir…?»); `con_aviso`: con los problemas de los datos, si
    los hay (no en lo que se rechaza: una página ajena no los lee)."""
    from flask import make_response

    cuerpo = _entorno().get_template("error.html").render(
        aviso=explorador().aviso if con_aviso else None, version=None, aqui="", politica=politica(), titulo=titulo,
        texto=texto,
        parecidos=parecidos or [], estado=estado)
    respuesta = make_response(cuerpo, estado)
    respuesta.mimetype = "text/html"
    respuesta.headers.update(cabeceras or {})
    return respuesta


def descarga(datos: bytes | str, nombre: str, tipo_medio: str) -> Response:
    """Un archivo para bajar (Word, Excel, CSV) con su nombre: en ASCII para todo navegador y, entero, en UTF-8
    (RFC 6266); un id con comillas o tildes no rompe la cabecera."""
    import re
    from urllib.parse import quote

    from flask import make_response

    respuesta = make_response(datos.encode("utf-8") if isinstance(datos, str) else datos)
    respuesta.headers["Content-Type"] = tipo_medio
    simple = re.sub(r"[^A-Za-z0-9._-]", "_", nombre)
    respuesta.headers["Content-Disposition"] = (f'attachment; filename="{simple}"; '
                                                f"filename*=UTF-8''{quote(nombre, safe='')}")
    return respuesta


def escribir(producto: object, formato: str) -> bytes | str:
    """El producto en un formato, con el renderizador y las opciones predeterminadas de la CLI (papel, separador)."""
    from grafo import formatos

    efectivo, renderizador = formatos.renderizador_de(producto, formato, a_archivo=True)
    contenido = formatos.aplicar(renderizador, producto, nombrar=CAMPO, **formatos.opciones_de(efectivo, renderizador))
    return contenido.datos if isinstance(contenido, formatos.Contenido) else contenido
