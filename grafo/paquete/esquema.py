"""Las tablas del paquete de datos (CONTRATO.md §1) descritas como datos.

La lectura (`fuentes`) y la revisión de referencias se guían por estas definiciones,
así que una columna nueva se declara aquí una sola vez.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TIPOS_INSTITUCION: tuple[str, ...] = (
    "ministerio", "secretaria", "autoridad", "instituto", "consejo", "comision",
    "procuraduria", "registro", "municipalidad", "dependencia",
    "organismo_internacional", "organismo_regional", "otro",
)
NIVELES: tuple[str, ...] = ("nacional", "regional", "departamental", "municipal", "internacional")
TIPOS_INSTRUMENTO: tuple[str, ...] = (
    "constitucion", "ley", "decreto", "acuerdo", "reglamento", "tratado",
    "politica", "plan", "manual", "otro",
)
SENTIDOS: tuple[str, ...] = ("mayor", "menor")
SI_NO: tuple[str, ...] = ("si", "no")


@dataclass(frozen=True)
class Columna:
    """Una columna: si es obligatoria, si es lista (`;`), a qué tabla remite y sus valores permitidos."""

    nombre: str
    requerida: bool = False
    lista: bool = False
    referencia: str | None = None
    valores: tuple[str, ...] | None = None


@dataclass(frozen=True)
class DefTabla:
    """Una tabla del contrato; `clave` es la columna que identifica cada fila."""

    nombre: str
    clave: str
    columnas: tuple[Columna, ...]
    obligatoria: bool = True
    ciclos: tuple[str, ...] = field(default=())


TABLAS: dict[str, DefTabla] = {
    t.nombre: t
    for t in (
        DefTabla("instituciones", "id", (
            Columna("id", requerida=True),
            Columna("nombre", requerida=True),
            Columna("tipo", requerida=True, valores=TIPOS_INSTITUCION),
            Columna("nivel", valores=NIVELES),
            Columna("depende_de", referencia="instituciones"),
            Columna("fuente"),
        ), ciclos=("depende_de",)),
        DefTabla("instrumentos", "id", (
            Columna("id", requerida=True),
            Columna("titulo", requerida=True),
            Columna("corto"),  # nombre corto para etiquetas de mapas («Cód. Migración»)
            Columna("tipo", requerida=True, valores=TIPOS_INSTRUMENTO),
            Columna("numero"),
            Columna("fecha"),
            Columna("fuente"),
        )),
        DefTabla("temas", "id", (
            Columna("id", requerida=True),
            Columna("nombre", requerida=True),
            Columna("tema_padre", referencia="temas"),
            Columna("fuente"),
        ), ciclos=("tema_padre",)),
        DefTabla("mandatos", "id", (
            Columna("id", requerida=True),
            Columna("institucion", requerida=True, referencia="instituciones"),
            Columna("instrumento", requerida=True, referencia="instrumentos"),
            Columna("articulo"),
            Columna("descripcion", requerida=True),
            Columna("temas", requerida=True, lista=True, referencia="temas"),
            Columna("verificado", valores=SI_NO),
            Columna("fuente"),
        )),
        DefTabla("ejes", "id", (
            Columna("id", requerida=True),
            Columna("nombre", requerida=True),
            Columna("fuente"),
        )),
        DefTabla("acciones", "id", (
            Columna("id", requerida=True),
            Columna("descripcion", requerida=True),
            Columna("eje", referencia="ejes"),
            Columna("temas", lista=True, referencia="temas"),
            Columna("responsables", lista=True, referencia="instituciones"),
            Columna("vinculadas", lista=True, referencia="instituciones"),
            Columna("periodo"),
            Columna("ilustrativa", valores=SI_NO),
            Columna("fuente"),
        )),
        DefTabla("municipios", "codigo", (
            Columna("codigo", requerida=True),
            Columna("nombre", requerida=True),
            Columna("departamento", requerida=True),
            Columna("fuente"),
        ), obligatoria=False),
        DefTabla("criterios", "criterio", (
            Columna("criterio", requerida=True),
            Columna("columna", requerida=True),
            Columna("peso", requerida=True),
            Columna("sentido", requerida=True, valores=SENTIDOS),
            Columna("fuente"),
        ), obligatoria=False),
    )
}
