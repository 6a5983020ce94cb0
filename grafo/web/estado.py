"""El estado del explorador: el proyecto que sirve, la última versión buena y lo que cambió en los datos.

«Edite en Excel, recargue la página»: en cada petición se mira si los archivos de datos cambiaron (su
nombre, tamaño y fecha: una llamada al sistema por archivo, no su contenido). Si cambiaron, el grafo se
arma de nuevo por la caché, una sola vez aunque lleguen diez peticiones a la vez; si la edición dejó los
datos con problemas, se siguen sirviendo los de la última versión buena y cada página lo dice con la
lista de problemas. Los productos (la ficha, las brechas, la red medida) se calculan una vez por
versión de los datos: una página vista dos veces no los vuelve a calcular.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from grafo.errores import DatosInvalidos, ErrorGrafo, Problema

if TYPE_CHECKING:
    from grafo.proyecto import Proyecto

T = TypeVar("T")
# Cuántos productos se guardan por versión (las fichas, las páginas de entidades y de consultas, los mapas): los
# más pedidos; un mapa pesa medio MB.
PRODUCTOS_GUARDADOS = 256
# Cuántos segundos dicen las páginas que los datos se recargaron.
AVISO_RECARGA = 120.0


@dataclass(frozen=True)
class Aviso:
    """Lo que una página dice arriba: los datos cambiaron y se recargaron, o la edición tiene problemas."""

    tipo: str  # «recargado» o «problemas»
    texto: str
    problemas: tuple[Problema, ...] = ()
    otros: tuple[str, ...] = ()  # un error que no es de una fila (un libro que no abre)


@dataclass
class _Version:
    proyecto: Proyecto
    firma: tuple[Any, ...]
    productos: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)
    candado: threading.Lock = field(default_factory=threading.Lock)  # el de `productos`
    # Uno por producto que se está armando: ocho pedidos a la vez de la misma ficha la arman una vez.
    armando: dict[Hashable, threading.Lock] = field(default_factory=dict)


def firma_de(datos: Path) -> tuple[Any, ...]:
    """Nombre, tamaño y fecha de cada archivo de datos: cambia cuando alguien guarda en Excel."""
    from grafo.motores.cache import archivos_de_datos

    try:
        return tuple((r.name, (s := r.stat()).st_size, s.st_mtime_ns) for r in archivos_de_datos(datos))
    except OSError as error:
        return (("error", str(error)),)


class SinVersionBuena(ErrorGrafo):
    """Los datos tienen problemas desde que el explorador arrancó: no hay una versión buena que mostrar."""


class Explorador:
    """El proyecto que sirve el explorador, recargado cuando cambian los datos; `abrir` crea uno nuevo."""

    def __init__(self, abrir: Callable[[], Proyecto], *, datos: Path | None,
                 reloj: Callable[[], float] = time.monotonic) -> None:
        self._abrir, self.datos, self._reloj = abrir, datos, reloj
        self._candado = threading.Lock()
        self._aviso: Aviso | None = None
        self._desde = 0.0
        self._firma_mala: tuple[Any, ...] | None = None
        self._actual: _Version | None = None
        self._intentar(firma_de(datos) if datos is not None else ())

    def _intentar(self, firma: tuple[Any, ...]) -> None:
        """Arma la versión de `firma`; si sus datos tienen problemas, los guarda y sigue la anterior."""
        try:
            proyecto = self._abrir()
            proyecto.preparar(paquete=True)
        except DatosInvalidos as error:
            self._fallar(firma, Aviso("problemas", _con_problemas(self.datos), tuple(error.problemas)))
            return
        except (ErrorGrafo, OSError) as error:
            self._fallar(firma, Aviso("problemas", _con_problemas(self.datos), otros=(str(error),)))
            return
        anterior, self._actual, self._firma_mala = self._actual, _Version(proyecto, firma), None
        if anterior is not None:
            anterior.proyecto.cerrar()
            self._poner(Aviso("recargado", f"Los datos de {self.datos} cambiaron: el grafo se armó de nuevo "
                                           f"(versión {proyecto.version()})."))
        else:
            self._poner(None)

    def _fallar(self, firma: tuple[Any, ...], aviso: Aviso) -> None:
        self._firma_mala = firma
        self._poner(aviso)

    def _poner(self, aviso: Aviso | None) -> None:
        self._aviso, self._desde = aviso, self._reloj()

    @property
    def aviso(self) -> Aviso | None:
        """Lo que cada página dice arriba: los problemas, mientras duren; la recarga, por AVISO_RECARGA segundos."""
        if self._aviso is not None and self._aviso.tipo == "recargado" and self._reloj() - self._desde > AVISO_RECARGA:
            return None
        return self._aviso

    @property
    def proyecto(self) -> Proyecto:
        """El proyecto de la versión que se sirve (la de ahora, o la última buena si la edición tiene problemas)."""
        if self._actual is None:
            raise SinVersionBuena("Los datos tienen problemas y no hay una versión anterior que mostrar.")
        return self._actual.proyecto

    def revisar(self) -> None:
        """Si los datos cambiaron desde la versión servida, la arma de nuevo (una vez) o guarda sus problemas."""
        if self.datos is None:
            return
        firma = firma_de(self.datos)
        if firma == self._firma() and self._firma_mala is not None:  # la edición rota se deshizo: los datos
            with self._candado:                                        # son otra vez los que se sirven
                self._firma_mala = None
                self._poner(None)
            return
        if firma in (self._firma(), self._firma_mala):
            return
        with self._candado:  # diez peticiones a la vez: una arma, las demás esperan y usan lo armado
            firma = firma_de(self.datos)
            if firma not in (self._firma(), self._firma_mala):
                self._intentar(firma)

    def _firma(self) -> tuple[Any, ...] | None:
        return None if self._actual is None else self._actual.firma

    def producto(self, clave: Hashable, armar: Callable[[Proyecto], T], *, guardar: bool = True) -> T:
        """El producto `clave` de la versión servida, armado una vez (`armar(proyecto)`) aunque lo pidan varias
        peticiones a la vez. Se guardan los PRODUCTOS_GUARDADOS más usados; no se guarda lo que no existe (None) ni
        un error, ni lo que se pide con `guardar=False` (lo armado con texto libre de quien pide: un título)."""
        version = self._actual
        if version is None or not guardar:
            return armar(self.proyecto)  # sin versión buena, levanta SinVersionBuena
        with version.candado:
            if clave in version.productos:
                version.productos.move_to_end(clave)
                return version.productos[clave]  # type: ignore[no-any-return]
            propio = version.armando.setdefault(clave, threading.Lock())
        with propio:  # quien llegó primero lo arma; los demás esperan y lo toman hecho
            with version.candado:
                if clave in version.productos:
                    return version.productos[clave]  # type: ignore[no-any-return]
            try:
                hecho = armar(version.proyecto)
            finally:
                with version.candado:
                    version.armando.pop(clave, None)
            if hecho is not None:
                with version.candado:
                    version.productos[clave] = hecho
                    while len(version.productos) > PRODUCTOS_GUARDADOS:
                        version.productos.popitem(last=False)  # el que lleva más tiempo sin pedirse
        return hecho

def _con_problemas(datos: Path | None) -> str:
    return (f"Los datos de {datos} tienen problemas: se sigue mostrando la última versión buena, si la hay. "
            "Corrija lo que sigue en el archivo, guárdelo y recargue la página.")
