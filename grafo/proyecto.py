"""El proyecto abierto: una fuente de datos (carpeta, libro, grafo escrito o servidor) que se abre una vez.

`grafo.abrir(...)` lo crea, y la CLI, las pruebas y el código de un usuario lo usan igual: como el
`Database(path)` de sqlite-utils. Abrir no lee nada todavía; la primera consulta abre el almacén
de la caché o, si no está, lee las tablas, las revisa y construye el grafo (una sola vez). Cada
SELECT distinto se envía una vez (`motores.memo`), y con `traza` (o `GRAFO_TRAZA=1`) cada consulta
enviada se informa con su tiempo. Los productos son funciones de `grafo.productos` que reciben el
proyecto.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grafo.errores import ConsultaInvalida, TablaFaltante

if TYPE_CHECKING:
    import pandas as pd

    from grafo.dominio.productos import Respuesta, Tabla, Tripletas
    from grafo.motores import Fuente
    from grafo.motores.memo import Memo
    from grafo.motores.traza import Traza
    from grafo.paquete.fuentes import Paquete
    from grafo.rdf.validacion import Informe

Avisar = Callable[[str], None]


@dataclass(frozen=True)
class Origen:
    """De dónde sale el grafo: una sola de las tres formas (o un motor ya abierto, en las pruebas)."""

    datos: Path | None = None  # carpeta de CSV o libro .xlsx
    archivo: Path | None = None  # un grafo ya escrito (ttl, nt, jsonld)
    endpoint: str | None = None  # un servidor SPARQL 1.1
    grafo_iri: str | None = None  # con endpoint: el grafo con nombre
    motor: Any = None  # una Fuente ya abierta

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
        self._llave: str | None = None
        self._llave_calculada = False
        self._cache_probada = False  # la llave ya se buscó en la caché y no estaba
        self._avisos_dichos = False  # los de la lectura ya se dijeron (desde la caché): leer las tablas no los repite
        self._archivos: set[Path] = set()

    @classmethod
    def de_motor(cls, motor: Fuente, *, paquete: Paquete | None = None) -> Proyecto:
        """Un proyecto sobre un motor ya abierto (el de rdflib o Jena en las pruebas, un grafo armado a mano)."""
        proyecto = cls(Origen(motor=motor), tiempo_limite=motor.tiempo_limite)
        proyecto._paquete = paquete
        return proyecto

    @classmethod
    def de_paquete(cls, paquete: Paquete, *, traza: Traza | None = None) -> Proyecto:
        """Un proyecto sobre un paquete ya leído (uno generado o editado en memoria): su grafo se construye aquí."""
        from grafo import motores
        from grafo.rdf import almacen

        return cls.de_motor(motores.local(almacen.construir(paquete), traza=traza), paquete=paquete)

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

            self._fuente = Memo(self._motor().con_tiempo_limite(self.tiempo_limite))
        return self._fuente

    @property
    def paquete(self) -> Paquete | None:
        """Las tablas leídas y revisadas (solo de una carpeta o un libro; None desde un servidor o un grafo)."""
        if self._paquete is None and self.origen.datos is not None:
            from grafo.paquete import fuentes

            self._llave_de_la_cache()  # antes de leer: un cambio durante la lectura no se guarda con esta llave
            self._paquete = fuentes.leer_paquete(self.origen.datos)
            self._archivos |= set(self._paquete.archivos)
            for aviso in () if self._avisos_dichos else self._paquete.avisos:
                self._decir(str(aviso))
            self._avisos_dichos = True
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
        if paquete:
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

    def _decir(self, aviso: str) -> None:
        self.avisos.append(aviso)
        if self._avisar is not None:
            self._avisar(aviso)

    def _motor(self) -> Fuente:
        o = self.origen
        if o.motor is not None:
            return o.motor
        if o.endpoint is not None:
            from grafo.motores import remoto

            return remoto.Remoto(o.endpoint, grafo=o.grafo_iri or remoto.GRAFO_PREDETERMINADO,
                                 tiempo_limite=self.tiempo_limite or 60.0, traza=self.traza)
        if o.archivo is not None:
            from grafo import motores
            from grafo.rdf import almacen

            return motores.local(almacen.cargar(o.archivo), traza=self.traza)
        return self._motor_de_los_datos()

    def _llave_de_la_cache(self) -> str | None:
        """La llave de los archivos tal como están ahora (None sin caché o si no se pueden leer)."""
        if not self._llave_calculada:
            from grafo.motores import cache

            self._llave_calculada = True
            if self._cache and not cache.apagada():
                assert self.origen.datos is not None
                self._llave, archivos = cache.clave(self.origen.datos)
                self._archivos |= set(archivos)
        return self._llave

    def _motor_de_los_datos(self) -> Fuente:
        """El almacén de la caché si está (sin leer las tablas, salvo que ya se leyeron); si no, construido."""
        from grafo.motores import cache

        llave = self._llave_de_la_cache()
        if llave is not None and not self._cache_probada:
            self._cache_probada = True
            guardado = cache.abrir(llave, pocas_consultas=self._pocas_consultas and self._paquete is None)
            if guardado is not None:
                if not self._avisos_dichos:  # los de la lectura que armó la caché, como si se leyera ahora
                    for aviso in guardado.avisos:
                        self._decir(aviso)
                    self._avisos_dichos = True
                return self._oxigraph(guardado.almacen)
        return self._construir(llave)

    def _oxigraph(self, almacen: Any) -> Fuente:
        from grafo.motores.oxigraph import Oxigraph

        return Oxigraph(almacen=almacen, traza=self.traza)

    def _construir(self, llave: str | None) -> Fuente:
        from grafo import motores
        from grafo.motores import cache
        from grafo.rdf import almacen

        paquete = self.paquete
        assert paquete is not None
        motor = motores.local(almacen.construir(paquete), traza=self.traza)
        if llave:
            cache.guardar_luego(llave, motor.volcar, version=motor.version(),
                                avisos=tuple(str(a) for a in paquete.avisos))
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
        """Las entidades cuyo nombre, texto o id contiene las palabras buscadas, sin tildes ni mayúsculas."""
        from grafo.clases import BUSCABLES
        from grafo.dominio import busqueda
        from grafo.dominio.productos import Tabla

        ajenas = sorted(set(clases) - {c.clave for c in BUSCABLES})
        if ajenas:
            raise ConsultaInvalida(f"No se busca en «{', '.join(ajenas)}». Clases donde se busca: "
                                   f"{', '.join(c.clave for c in BUSCABLES)}.")
        hallados = busqueda.hallar(self.tabla("textos"), texto, clases=tuple(clases))
        return Tabla(f"Búsqueda de «{texto}»", hallados, unidad="coincidencias")

    def validar(self, *, motor: str = "auto") -> Informe:
        """El grafo contra las formas SHACL, cada resultado ubicado en archivo, hoja, fila y columna."""
        from grafo.rdf import validacion

        return validacion.validar(self.fuente, motor=motor)
