"""El proyecto abierto: una fuente de datos (carpeta, libro, grafo escrito o servidor) que se abre una vez.

`grafo.abrir(...)` lo crea, y la CLI, las pruebas y el código de un usuario lo usan igual: como el
`Database(path)` de sqlite-utils. Abrir no lee nada todavía; la primera consulta abre el almacén
de la caché o, si no está, lee las tablas, las revisa y construye el grafo (una sola vez). Cada
SELECT distinto se envía una vez (`motores.memo`), y con `traza` (o `GRAFO_TRAZA=1`) cada consulta
enviada se informa con su tiempo. Los productos son funciones de `grafo.productos` que reciben el
proyecto.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from grafo.errores import ConsultaInvalida, TablaFaltante

if TYPE_CHECKING:
    import pandas as pd

    from grafo.dominio.productos import Respuesta, Tabla, Tripletas
    from grafo.motores import Fuente
    from grafo.motores.memo import Memo
    from grafo.motores.traza import Traza
    from grafo.paquete.fuentes import Paquete
    from grafo.rdf.validacion import InformeValidacion

Avisar = Callable[[str], None]


@dataclass(frozen=True)
class Origen:
    """De dónde sale el grafo: una sola de las tres formas."""

    datos: Path | None = None  # carpeta de CSV o libro .xlsx
    archivo: Path | None = None  # un grafo ya escrito (ttl, nt, jsonld)
    endpoint: str | None = None  # un servidor SPARQL 1.1
    grafo_iri: str | None = None  # con endpoint: el grafo con nombre

    @property
    def nombre(self) -> str:
        """Cómo se nombra en un mensaje."""
        if self.endpoint is not None:
            from grafo.motores.protocolo import a_la_vista

            return a_la_vista(self.endpoint)
        return str(self.datos or self.archivo or "el grafo")


class Proyecto:
    """Una fuente de grafo abierta: consultas con nombre, SPARQL, búsqueda, versión y los productos."""

    def __init__(self, origen: Origen, *, tiempo_limite: float | None = 60.0, cache: bool = True,
                 pocas_consultas: bool = False, traza: Traza | None = None, avisar: Avisar | None = None) -> None:
        if tiempo_limite is not None and not tiempo_limite > 0:
            raise ValueError(f"tiempo_limite: segundos por consulta, más de 0 (o None: sin límite); recibió {tiempo_limite}")
        self.origen, self.tiempo_limite, self.traza = origen, tiempo_limite, traza
        self._cache, self._pocas_consultas, self._avisar = cache, pocas_consultas, avisar
        self.avisos: list[str] = []  # lo que la lectura arregló o dejó fuera, en el orden en que se dijo
        self._fuente: Memo | None = None
        self._paquete: Paquete | None = None
        self._avisos_dichos = False  # los de la lectura: desde la caché o al leer las tablas, una sola vez
        self._archivos: set[Path] = set()

    def __repr__(self) -> str:
        return f"<Proyecto {self.origen.nombre}>"

    def __enter__(self) -> Proyecto:
        return self

    def __exit__(self, *_: object) -> None:
        self.cerrar()

    # ------------------------------------------------------------------ abrir

    @property
    def fuente(self) -> Fuente:
        """El motor (con su memoria de respuestas): el almacén local, el de la caché o el servidor."""
        if self._fuente is None:
            from grafo.motores.memo import Memo

            self._fuente = Memo(self._motor())
        return self._fuente

    @property
    def paquete(self) -> Paquete | None:
        """Las tablas leídas y revisadas (solo de una carpeta o un libro; None desde un servidor o un grafo)."""
        if self._paquete is None and self.origen.datos is not None:
            from grafo.paquete import fuentes

            self._paquete = fuentes.leer_paquete(self.origen.datos)
            self._archivos |= set(self._paquete.archivos)
            self._decir_lectura(str(a) for a in self._paquete.avisos)
        return self._paquete

    def tablas_del_paquete(self) -> Paquete:
        """El paquete, o un error que explica que este origen no tiene tablas (un servidor, un grafo escrito)."""
        paquete = self.paquete
        if paquete is None:
            raise TablaFaltante(f"Esto se calcula con las tablas del paquete de datos, y {self.origen.nombre} es un "
                                "grafo sin ellas. Cómo corregirlo: ábralo desde la carpeta o el libro de datos.")
        return paquete

    def preparar(self, *, paquete: bool = False) -> Proyecto:
        """Abre ya lo que las consultas necesitan (y lee las tablas si `paquete`): para mostrar el avance."""
        if paquete and self.origen.datos is not None:
            _ = self._en_disco  # antes de leer, para la llave con que se buscó
            _ = self.paquete
        _ = self.fuente
        return self

    @property
    def archivos(self) -> tuple[Path, ...]:
        """Los archivos de datos que este proyecto leyó (una salida nunca debe escribirse sobre ellos)."""
        return tuple(sorted(self._archivos))

    def cerrar(self) -> None:
        """Termina de guardar en la caché lo que quedó en otro hilo."""
        import sys

        cache = sys.modules.get("grafo.motores.cache")
        if cache is not None:
            cache.esperar()

    def _decir_lectura(self, avisos: Iterable[str]) -> None:
        """Los avisos de la lectura de los datos, una sola vez (los de la caché son los mismos que los de leer)."""
        if self._avisos_dichos:
            return
        self._avisos_dichos = True
        for aviso in avisos:
            self._decir(aviso)

    def _decir(self, aviso: str) -> None:
        self.avisos.append(aviso)
        if self._avisar is not None:
            self._avisar(aviso)

    def _motor(self) -> Fuente:
        o = self.origen
        if o.endpoint is not None:
            from grafo.motores import remoto

            return remoto.Remoto(o.endpoint, grafo=o.grafo_iri or remoto.GRAFO_PREDETERMINADO,
                                 tiempo_limite=max(self.tiempo_limite, 0.1) if self.tiempo_limite else 60.0,
                                 traza=self.traza)
        if o.archivo is not None:
            from grafo import motores
            from grafo.rdf import almacen

            return motores.local(almacen.cargar(o.archivo), tiempo_limite=self.tiempo_limite, traza=self.traza)
        return self._motor_de_los_datos()

    @functools.cached_property
    def _en_disco(self) -> dict[str, str] | None:
        """Cada archivo de datos tal como está ahora → sha256 de sus bytes (None sin caché o si no se pueden leer)."""
        from grafo.motores import cache

        if not self._cache or cache.apagada():
            return None
        assert self.origen.datos is not None
        resumenes = cache.resumir(self.origen.datos)
        if resumenes is None:
            return None
        self._archivos |= set(resumenes)
        return {ruta.name: h for ruta, h in resumenes.items()}

    def _motor_de_los_datos(self) -> Fuente:
        """El almacén de la caché si está (sin leer las tablas, salvo que ya se leyeron); si no, construido."""
        from grafo.motores import cache

        guardado = None
        if self._en_disco is not None:
            try:
                guardado = cache.abrir(cache.llave_de(self._en_disco),
                                       pocas_consultas=self._pocas_consultas and self._paquete is None)
            except cache.Danada as danada:
                self._decir(f"La copia del grafo en la caché ({danada.ruta}) estaba dañada: {danada}. Se borró y "
                            "el grafo se armó de nuevo desde los datos.")
        if guardado is None:
            return self._construir()
        from grafo.motores.oxigraph import Oxigraph

        if guardado.reparado:
            self._decir(f"El almacén en disco de la caché ({guardado.reparado}) no pasó su sello (copiado de otra "
                        "entrada o con bytes cambiados): se borró y se armará de nuevo; esta vez el grafo se cargó de "
                        "sus tripletas, que sí lo pasaron.")
        self._decir_lectura(guardado.avisos)  # los de la lectura que armó la caché, como si se leyera ahora
        return Oxigraph(almacen=guardado.almacen, tiempo_limite=self.tiempo_limite, traza=self.traza)

    def _construir(self) -> Fuente:
        from grafo import motores
        from grafo.motores import cache
        from grafo.rdf import almacen

        paquete = self.paquete
        assert paquete is not None
        motor = motores.local(almacen.construir(paquete), tiempo_limite=self.tiempo_limite, traza=self.traza)
        if self._en_disco is not None:
            # Con la clave de los bytes que se leyeron de verdad (los demás archivos, como estaban al buscar).
            cache.guardar_luego(cache.llave_de({**self._en_disco, **paquete.leidos}), motor.volcar,
                                version=motor.version(), avisos=tuple(str(a) for a in paquete.avisos))
        return motor

    # ------------------------------------------------------------------ consultar

    def version(self) -> str:
        """La versión (huella) de los datos con que se construyó el grafo."""
        return self.fuente.version()

    def contar(self) -> int:
        """Cuántas tripletas tiene el grafo."""
        return self.fuente.contar()

    def consulta(self, nombre: str, /, **parametros: str | Sequence[str]) -> Tabla:
        """Una consulta con nombre (vea `grafo.consultas.listar()`), con sus parámetros como ids.

        Ejemplo: `p.consulta("fundamentos", instituciones=["AMSCLAE", "CTPT"])`.
        """
        from grafo import consultas
        from grafo.dominio.productos import Tabla

        definicion = consultas.cargar(nombre)
        return Tabla(definicion.titulo, consultas.ejecutar_filas(self.fuente, definicion, parametros))

    def tabla(self, nombre: str, parametros: dict[str, str | Sequence[str]] | None = None) -> pd.DataFrame:
        """Una consulta con nombre como DataFrame (las columnas de lista, como listas)."""
        from grafo import consultas

        return consultas.ejecutar(self.fuente, consultas.cargar(nombre), parametros)

    def tablas(self, nombres: Sequence[str]) -> dict[str, pd.DataFrame]:
        """Varias consultas con nombre sin parámetros, con el menor número de consultas al motor."""
        from grafo import consultas

        return consultas.ejecutar_varias(self.fuente, nombres)

    def ids(self, pedidos: Sequence[tuple[str, str | None, str]]) -> list[str | None]:
        """Cada id (clase, valor, dónde se pidió) como está en el grafo (`igm` → IGM); los desconocidos, todos
        juntos en un error con los parecidos. Un valor None queda None."""
        from grafo.consultas import ids

        return ids.resolver(self.fuente, pedidos)

    def sparql(self, texto: str, *, revisada: bool = False) -> Tabla | Respuesta | Tripletas:
        """Una consulta SPARQL libre de solo lectura (SELECT, ASK, CONSTRUCT, DESCRIBE)."""
        from grafo import consultas
        from grafo.dominio.productos import Respuesta, Tabla, Tripletas

        resultado = consultas.ejecutar_libre(self.fuente, texto, revisada=revisada)
        if resultado.tripletas is not None:
            return Tripletas(resultado.tripletas, len(resultado.tripletas))
        if resultado.booleano is not None:
            return Respuesta(resultado.booleano)
        assert resultado.tabla is not None
        return Tabla("Resultado", resultado.tabla)

    def buscar(self, texto: str, *, clases: Sequence[str] = ()) -> Tabla:
        """Las entidades cuyo nombre, texto o id contiene las palabras buscadas, sin tildes ni mayúsculas; sin
        ninguna, un aviso dice qué probar."""
        hallados, sugerencia = self.hallar(texto, clases=clases)
        if sugerencia:
            self._decir(sugerencia)  # nunca un silencio
        return hallados

    def hallar(self, texto: str, *, clases: Sequence[str] = ()) -> tuple[Tabla, str]:
        """Lo de `buscar` y, si no halló nada, qué probar, sin decirlo como aviso del proyecto (el explorador lo
        muestra en su página: los avisos son de todas sus peticiones)."""
        from grafo.clases import BUSCABLES
        from grafo.dominio import busqueda
        from grafo.dominio.productos import Tabla

        ajenas = sorted(set(clases) - {c.clave for c in BUSCABLES})
        if ajenas:
            raise ConsultaInvalida(f"No se busca en «{', '.join(ajenas)}». Clases donde se busca: "
                                   f"{', '.join(c.clave for c in BUSCABLES)}.")
        textos = self.tabla("textos")
        hallados = busqueda.hallar(textos, texto, clases=tuple(clases))
        sugerencia = busqueda.sugerir(textos, texto, clases=tuple(clases)) if hallados.empty else ""
        return Tabla(f"Búsqueda de «{texto}»", hallados, unidad="coincidencias"), sugerencia

    def validar(self, *, motor: str = "auto") -> InformeValidacion:
        """El grafo contra las formas SHACL, cada resultado ubicado en archivo, hoja, fila y columna."""
        from grafo.rdf import validacion

        return validacion.validar(self.fuente, motor=motor)
