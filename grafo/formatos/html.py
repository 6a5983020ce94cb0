"""Las páginas HTML de grafo: un entorno de Jinja2 (autoescape) y una plantilla base que todas extienden.

`base.html` pone la cabecera, la política de contenido (nada de la red; scripts e imágenes en línea solo
donde la página los declara) y la paleta como variables CSS: el mapa, la presentación y los informes (y el
explorador web, cuando exista) dicen lo mismo de la misma forma.
"""

from __future__ import annotations

import functools
from typing import Any

from grafo.formatos.estilo import PALETA


@functools.cache
def _entorno() -> Any:
    from jinja2 import Environment, PackageLoader

    return Environment(loader=PackageLoader(__package__, "plantillas"), autoescape=True, keep_trailing_newline=True)


def pagina(nombre: str, *, con_scripts: bool = False, imagenes: str = "", **contexto: Any) -> str:
    """La plantilla `nombre` (que extiende `base.html`) con su contexto; `con_scripts` e `imagenes` (fuentes de
    img-src, como `data: blob:`) abren solo eso en la política de contenido."""
    return _entorno().get_template(nombre).render(paleta=PALETA, con_scripts=con_scripts, imagenes=imagenes,
                                                  **contexto)
