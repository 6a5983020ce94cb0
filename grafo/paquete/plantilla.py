"""La plantilla de Excel para llenar los datos: una hoja por tabla, vacía o con las filas de un paquete.

Lo que aquí se arma, `formatos.plantilla` lo escribe con listas desplegables y comentarios; lo
que se escribe, `grafo construir --datos libro.xlsx` lo vuelve a leer al mismo grafo.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grafo.errores import DatosInvalidos, Problema, opcion
from grafo.paquete.esquema import TABLAS, DefTabla
from grafo.paquete.fuentes import COLUMNA_FILA, Paquete

MAX_CELDA_EXCEL = 32_767  # caracteres de una celda de Excel

DESCRIPCIONES: dict[str, str] = {
    "instituciones": "Las instituciones del Estado (y organismos) que tienen mandatos o acciones.",
    "instrumentos": "Leyes, decretos, acuerdos, políticas y planes que dan los mandatos.",
    "temas": "Los temas de la política migratoria; un tema puede estar dentro de otro más amplio.",
    "mandatos": "Lo que un instrumento manda a una institución, con su artículo y sus temas.",
    "ejes": "Los ejes de la Política Migratoria 2023–2032.",
    "acciones": "Las líneas de acción del plan, con sus responsables y vinculadas, y su estado y avance si se conocen.",
    "reuniones": "Las reuniones de coordinación: fecha, quién convoca y participa, qué acciones se trataron y "
                 "dónde está la memoria. Opcional.",
    "acuerdos": "Lo que se acordó en cada reunión: encargados, plazo y estado. Opcional.",
    "municipios": "Municipios con sus indicadores (columnas numéricas que usted agrega). Opcional.",
    "criterios": "Cómo se prioriza a los municipios: qué indicador, con qué peso y en qué sentido. Opcional.",
    "alineaciones": "Qué acciones o mandatos sirven a qué objetivo del Pacto Mundial para la Migración o de los "
                    "ODS, y cómo se sabe. Opcional.",
}


@dataclass(frozen=True)
class HojaDeDatos:
    """Una hoja de la plantilla: las columnas del contrato (y las de más que traiga el paquete) y sus filas."""

    definicion: DefTabla
    columnas: tuple[str, ...]
    filas: tuple[tuple[int, tuple[str, ...]], ...]  # (fila de la hoja, celdas): la procedencia no cambia
    descripcion: str

    @property
    def nombre(self) -> str:
        return self.definicion.nombre


@dataclass(frozen=True)
class Plantilla:
    """El libro para llenar los datos en Excel."""

    hojas: tuple[HojaDeDatos, ...]
    origen: str  # de qué paquete salen las filas; vacío si la plantilla va vacía
    version: str
    PREDETERMINADO = "xlsx"
    SOBRE_FORMATOS = f"La plantilla es un libro de Excel: use {opcion('salida')} ARCHIVO.xlsx."

    def aviso(self, salida: Path, formato: str) -> str:
        filas = sum(len(h.filas) for h in self.hojas)
        if not self.origen:
            return (f"Plantilla vacía escrita en {salida}: llénela en Excel y constrúyala con "
                    f"grafo construir {opcion('datos')} {salida}.")
        return (f"Plantilla escrita en {salida} con las {filas} filas de {self.origen} (datos versión {self.version}); "
                f"después de editarla: grafo construir {opcion('datos')} {salida}.")


def armar_plantilla(paquete: Paquete | None = None) -> Plantilla:
    """Una hoja por tabla del contrato, en su orden; con un paquete, sus filas y sus columnas de más."""
    hojas = []
    problemas: list[Problema] = []
    for nombre, definicion in TABLAS.items():
        columnas = [c.nombre for c in definicion.columnas]
        filas: list[tuple[int, tuple[str, ...]]] = []
        tabla = paquete.tablas.get(nombre) if paquete is not None else None
        if tabla is not None:
            columnas += [c for c in tabla.datos.columns if c not in columnas and c != COLUMNA_FILA]
            filas = sorted((int(f[COLUMNA_FILA]), tuple(f.get(c, "") for c in columnas)) for f in tabla.filas())
            problemas += [tabla.problema(numero, c, f"el texto tiene {len(v):,} caracteres; una celda de Excel admite "
                                         f"{MAX_CELDA_EXCEL:,}: la plantilla lo perdería.".replace(",", "."),
                                         "acórtelo, o divídalo en dos filas, o siga editando esta tabla en CSV.")
                          for numero, celdas in filas for c, v in zip(columnas, celdas, strict=True)
                          if len(v) > MAX_CELDA_EXCEL]
        hojas.append(HojaDeDatos(definicion, tuple(columnas), tuple(filas), DESCRIPCIONES.get(nombre, "")))
    if problemas:
        raise DatosInvalidos(problemas)
    if paquete is None:
        return Plantilla(tuple(hojas), "", "")
    return Plantilla(tuple(hojas), paquete.carpeta.name or str(paquete.carpeta), paquete.huella())
