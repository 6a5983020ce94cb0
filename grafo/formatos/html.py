"""Las páginas HTML de grafo: un entorno de Jinja2 (autoescape) y una plantilla base que todas extienden.

`base.html` pone la cabecera, la política de contenido (nada de la red; scripts e imágenes en línea solo
donde la página los declara) y la paleta como variables CSS: el mapa, la presentación y los informes (y el
explorador, `grafo servir`) dicen lo mismo de la misma forma. `politica` es la política de contenido de todas.
"""

from __future__ import annotations

import functools
from typing import Any

from grafo.formatos.estilo import PALETA


@functools.cache
def _entorno() -> Any:
    from jinja2 import Environment, PackageLoader

    return Environment(loader=PackageLoader(__package__, "plantillas"), autoescape=True, keep_trailing_newline=True)


# Las imágenes que el mapa crea en su página (el PNG que se guarda): su img-src, en el archivo y en el explorador.
IMAGENES_MAPA = "data: blob:"


def politica(*, con_scripts: bool = False, imagenes: str = "", marcos: str = "") -> str:
    """La política de contenido de una página, la única: nada de la red; estilos en línea; scripts en línea,
    imágenes (fuentes de img-src, como `data: blob:`) y marcos (frame-src) solo si la página los declara."""
    partes = ["default-src 'none'", *(["script-src 'unsafe-inline'"] if con_scripts else []), "style-src 'unsafe-inline'",
              *([f"img-src {imagenes}"] if imagenes else []), *([f"frame-src {marcos}"] if marcos else [])]
    return "; ".join(partes)


def en_cabecera(politica_de_pagina: str, *, incrustable: bool = False) -> str:
    """La política que un servidor manda en su cabecera: la de la página y lo que solo vale ahí (sin etiqueta
    <base>, formularios solo al mismo sitio y, salvo `incrustable`, ninguna página dentro de otra)."""
    ancestros = "'self'" if incrustable else "'none'"
    return f"{politica_de_pagina}; base-uri 'none'; form-action 'self'; frame-ancestors {ancestros}"


def pagina(nombre: str, *, con_scripts: bool = False, imagenes: str = "", **contexto: Any) -> str:
    """La plantilla `nombre` (que extiende `base.html`) con su contexto; `con_scripts` e `imagenes` (fuentes de
    img-src, como `data: blob:`) abren solo eso en la política de contenido."""
    return _entorno().get_template(nombre).render(paleta=PALETA, con_scripts=con_scripts, imagenes=imagenes,
                                                  politica=politica(con_scripts=con_scripts, imagenes=imagenes),
                                                  **contexto)
