"""Las tablas del paquete de datos (CONTRATO.md §1) descritas como datos.

La lectura (`fuentes`) y la revisión de referencias se guían por estas definiciones,
así que una columna nueva se declara aquí una sola vez.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grafo.evidencia import CARGAS, FIABILIDADES
from grafo.marcos import HOJA as HOJA_MARCOS
from grafo.marcos import MARCOS
from grafo.texto import SI_NO

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
ESTADOS: tuple[str, ...] = ("pendiente", "en_curso", "cumplido", "cancelado")
MODALIDADES: tuple[str, ...] = ("presencial", "virtual", "hibrida")
_EN_PALABRAS = {"en_curso": "en curso", "hibrida": "híbrida"}


def en_palabras(codigo: str) -> str:
    """Un código de lista cerrada como se lee (`en_curso` → «en curso»); los demás ya se leen bien."""
    return _EN_PALABRAS.get(codigo, codigo)


@dataclass(frozen=True)
class Columna:
    """Una columna: si es obligatoria, si es lista (`;`), a qué tabla remite y sus valores permitidos."""

    nombre: str
    requerida: bool = False
    lista: bool = False
    referencia: str | None = None
    valores: tuple[str, ...] | None = None
    fecha: bool = False  # una fecha de Excel se lee como AAAA-MM-DD; 18/10/2016 también
    exacta: bool = False  # debe ser una fecha completa y real (AAAA-MM-DD), no un año ni un texto
    rango: tuple[float, float] | None = None  # un número entre estos dos valores
    ayuda: str = ""  # lo que va en la celda, dicho al usuario (comentario del encabezado en la plantilla)
    catalogo: str | None = None  # la hoja de ayuda de la plantilla que lista los valores («_marcos»)


@dataclass(frozen=True)
class DefTabla:
    """Una tabla del contrato; `clave` es la columna que identifica cada fila."""

    nombre: str
    clave: str
    columnas: tuple[Columna, ...]
    obligatoria: bool = True
    ciclos: tuple[str, ...] = field(default=())
    ayuda: str = ""
    unica: bool = True  # la clave es un id que no se repite (en `alineaciones`, la clave es el marco)


# Toda tabla dice de dónde sale cada fila y con qué grado (grafo.evidencia): las dos columnas, una vez.
_FUENTE: tuple[Columna, ...] = (
    Columna("fuente", ayuda="De dónde sale el dato: ley, página o informe, con su fecha, y su grado al final: [OF] "
                            "fuente oficial, [SEC] copia o fuente secundaria, [DÉBIL] (p. ej. «Decreto 44-2016, art. 4; "
                            "Diario de Centro América [OF]»)."),
    Columna("fiabilidad", valores=FIABILIDADES,
            ayuda="oficial, secundaria, debil o propuesta (lo redactó el proyecto o un analista). Vacío: se lee la "
                  "marca [OF], [SEC] o [DÉBIL] de la fuente."),
)

TABLAS: dict[str, DefTabla] = {
    t.nombre: t
    for t in (
        DefTabla("instituciones", "id", (
            Columna("id", requerida=True, ayuda="Sigla o código corto y estable (p. ej. IGM, MINEX). No cambia aunque cambie el nombre."),
            Columna("nombre", requerida=True, ayuda="Nombre oficial completo."),
            Columna("alias", lista=True, ayuda="Otros nombres con que se la conoce y se la busca (p. ej. Cancillería "
                                              "para MINEX); varios se separan con «;». Opcional."),
            Columna("tipo", requerida=True, valores=TIPOS_INSTITUCION, ayuda="Elija de la lista."),
            Columna("nivel", valores=NIVELES, ayuda="Elija de la lista (nacional, departamental…)."),
            Columna("depende_de", referencia="instituciones",
                    ayuda="Id de la institución de la que depende (p. ej. una dirección del IGM → IGM). Vacío si no depende de otra."),
            Columna("mandatos_cargados", valores=CARGAS,
                    ayuda="completos (todos sus mandatos sobre la Política están en mandatos), parciales o ninguno. "
                          "Vacío: ninguno si no tiene mandatos, parciales si tiene alguno."),
            *_FUENTE,
        ), ciclos=("depende_de",)),
        DefTabla("instrumentos", "id", (
            Columna("id", requerida=True, ayuda="Código corto del instrumento (p. ej. DEC-44-2016)."),
            Columna("titulo", requerida=True, ayuda="Título completo (p. ej. «Código de Migración»)."),
            Columna("corto", ayuda="Nombre corto para las etiquetas del mapa (p. ej. «Cód. Migración»). Opcional."),
            Columna("tipo", requerida=True, valores=TIPOS_INSTRUMENTO, ayuda="Elija de la lista."),
            Columna("numero", ayuda="Número oficial (p. ej. 44-2016)."),
            Columna("fecha", fecha=True, ayuda="Fecha de emisión (una fecha de Excel, o AAAA-MM-DD) o solo el año."),
            *_FUENTE,
        )),
        DefTabla("temas", "id", (
            Columna("id", requerida=True, ayuda="Código corto del tema (p. ej. RETORNO)."),
            Columna("nombre", requerida=True, ayuda="Nombre del tema."),
            Columna("tema_padre", referencia="temas", ayuda="Id de un tema más amplio que lo contiene. Opcional."),
            *_FUENTE,
        ), ciclos=("tema_padre",)),
        DefTabla("mandatos", "id", (
            Columna("id", requerida=True, ayuda="Código corto del mandato (p. ej. M-IGM-01)."),
            Columna("institucion", requerida=True, referencia="instituciones", ayuda="Id de la institución mandatada."),
            Columna("instrumento", requerida=True, referencia="instrumentos", ayuda="Id del instrumento que da el mandato."),
            Columna("articulo", ayuda="Artículo (p. ej. 4 o 122-C). Si no está comprobado, ponga «no» en verificado."),
            Columna("descripcion", requerida=True, ayuda="Qué manda, con las palabras del instrumento."),
            Columna("temas", requerida=True, lista=True, referencia="temas",
                    ayuda="Ids de temas; varios se separan con «;» (p. ej. RETORNO; TRATA)."),
            Columna("verificado", valores=SI_NO, ayuda="«si» si el artículo se comprobó en el texto oficial; «no» si falta."),
            *_FUENTE,
        )),
        DefTabla("ejes", "id", (
            Columna("id", requerida=True, ayuda="Código del eje de la Política (p. ej. EJE1)."),
            Columna("nombre", requerida=True, ayuda="Nombre del eje."),
            *_FUENTE,
        )),
        DefTabla("acciones", "id", (
            Columna("id", requerida=True, ayuda="Código de la acción (p. ej. A-2024-017)."),
            Columna("descripcion", requerida=True, ayuda="La línea de acción, como la dice el plan."),
            Columna("eje", referencia="ejes", ayuda="Id del eje al que pertenece."),
            Columna("temas", lista=True, referencia="temas", ayuda="Ids de temas; varios se separan con «;»."),
            Columna("responsables", lista=True, referencia="instituciones",
                    ayuda="Ids de las instituciones responsables; varias se separan con «;»."),
            Columna("vinculadas", lista=True, referencia="instituciones",
                    ayuda="Ids de las instituciones vinculadas; varias se separan con «;»."),
            Columna("periodo", ayuda="Año o periodo del plan de acción (p. ej. 2024)."),
            Columna("ilustrativa", valores=SI_NO, ayuda="«si» si la fila es un ejemplo y no un dato publicado."),
            *_FUENTE,
            Columna("estado", valores=ESTADOS, ayuda="Cómo va la acción: pendiente, en_curso, cumplido o cancelado. Opcional."),
            Columna("avance", rango=(0, 100), ayuda="Porcentaje de avance, de 0 a 100 (p. ej. 40). Opcional."),
        )),
        DefTabla("reuniones", "id", (
            Columna("id", requerida=True, ayuda="Código de la reunión (p. ej. R-2024-09-18)."),
            Columna("fecha", requerida=True, fecha=True, exacta=True, ayuda="Fecha de la reunión (una fecha de Excel, o AAAA-MM-DD)."),
            Columna("titulo", requerida=True, ayuda="De qué trató la reunión, como la nombra la convocatoria o la memoria."),
            Columna("modalidad", valores=MODALIDADES, ayuda="presencial, virtual o hibrida. Opcional."),
            Columna("convoca", referencia="instituciones", ayuda="Id de la institución que convoca. Opcional."),
            Columna("participantes", lista=True, referencia="instituciones",
                    ayuda="Ids de las instituciones que participaron; varias se separan con «;»."),
            Columna("acciones", lista=True, referencia="acciones",
                    ayuda="Ids de las acciones de la política que se trataron; varias se separan con «;»."),
            Columna("memoria", ayuda="Dónde está la memoria o el informe de la reunión (archivo, carpeta o enlace)."),
            *_FUENTE,
        ), obligatoria=False, ayuda="Las reuniones de coordinación, con quién participó y qué acciones se trataron."),
        DefTabla("acuerdos", "id", (
            Columna("id", requerida=True, ayuda="Código del acuerdo (p. ej. AC-2024-09-18-1)."),
            Columna("reunion", requerida=True, referencia="reuniones", ayuda="Id de la reunión donde se tomó el acuerdo."),
            Columna("descripcion", requerida=True, ayuda="Qué se acordó, en una frase."),
            Columna("responsables", lista=True, referencia="instituciones",
                    ayuda="Ids de las instituciones encargadas de cumplirlo; varias se separan con «;»."),
            Columna("plazo", fecha=True, exacta=True, ayuda="Fecha límite (una fecha de Excel, o AAAA-MM-DD). Opcional."),
            Columna("estado", requerida=True, valores=ESTADOS, ayuda="pendiente, en_curso, cumplido o cancelado."),
            Columna("acciones", lista=True, referencia="acciones", ayuda="Ids de las acciones a las que sirve el acuerdo."),
            Columna("ilustrativa", valores=SI_NO, ayuda="«si» si la fila es un ejemplo y no un acuerdo registrado."),
            *_FUENTE,
        ), obligatoria=False, ayuda="Lo que se acordó en cada reunión, quién lo cumple, para cuándo y cómo va."),
        DefTabla("alineaciones", "marco", (
            Columna("accion", referencia="acciones",
                    ayuda="Id de la acción que sirve al objetivo. Llene accion o mandato, no los dos."),
            Columna("mandato", referencia="mandatos",
                    ayuda="Id del mandato que sirve al objetivo. Llene accion o mandato, no los dos."),
            Columna("marco", requerida=True, valores=tuple(MARCOS),
                    ayuda="pmm (Pacto Mundial para la Migración) u ods (Objetivos de Desarrollo Sostenible)."),
            Columna("objetivo", requerida=True, catalogo=HOJA_MARCOS,
                    ayuda="pmm: un número de objetivo de 1 a 23. ods: un objetivo (p. ej. 10) o una meta (p. ej. "
                          f"10.7). La hoja «{HOJA_MARCOS}» los lista con su nombre."),
            *_FUENTE,
        ), obligatoria=False, unica=False,
            ayuda="Qué acciones o mandatos sirven a qué objetivo del Pacto Mundial para la Migración o de los ODS, "
                  "y cómo se sabe: la fuente que lo dice, o «propuesta» si lo propone el proyecto o un analista."),
        DefTabla("municipios", "codigo", (
            Columna("codigo", requerida=True, ayuda="Código INE de 4 dígitos (p. ej. 1301); escríbalo como texto para conservar el 0 inicial."),
            Columna("nombre", requerida=True, ayuda="Nombre del municipio."),
            Columna("departamento", requerida=True, ayuda="Nombre del departamento."),
            *_FUENTE,
        ), obligatoria=False),
        DefTabla("criterios", "criterio", (
            Columna("criterio", requerida=True, ayuda="Nombre del criterio (p. ej. «Retornados»)."),
            Columna("columna", requerida=True, ayuda="Columna numérica de la hoja municipios que mide el criterio."),
            Columna("peso", requerida=True, ayuda="Número mayor o igual a 0 (p. ej. 0.5)."),
            Columna("sentido", requerida=True, valores=SENTIDOS,
                    ayuda="«mayor» si más es más prioritario; «menor» si menos es más prioritario."),
            *_FUENTE,
        ), obligatoria=False),
    )
}
