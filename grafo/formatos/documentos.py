"""Los informes en el medio de quien los usa: Word (.docx) editable, HTML para imprimir y PDF.

El .docx usa los estilos propios de Word (Título, Título 1, Tabla con cuadrícula, pie con número de
página), sin formato directo, para que el DEPM lo reestilice a su gusto. El PDF sale de ese .docx
por LibreOffice sin pantalla; si LibreOffice no está, se dice cómo tenerlo y no se escribe nada.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from grafo.dominio.citas import es_vacio, procedencia
from grafo.dominio.informes import Informe
from grafo.errores import ErrorGrafo, opcion
from grafo.formatos import renderizador
from grafo.formatos.html import pagina
from grafo.formatos.papel import Papel, papel as papel_de
from grafo.texto import sin_controles



# El paquete de LibreOffice que convierte cada formato y el programa con que el usuario lo abre.
PROGRAMAS = {"docx": ("writer", "Word"), "xlsx": ("calc", "Excel")}


def sin_libreoffice(extension: str = "docx") -> str:
    """El mensaje de cuando falta LibreOffice para pasar un .docx (o un .xlsx) a PDF."""
    paquete, programa = PROGRAMAS[extension]
    return ("Para escribir PDF hace falta LibreOffice (soffice), que no se encontró. Cómo corregirlo: instálelo "
            f"(Debian/Ubuntu: apt install libreoffice-{paquete}; Windows: libreoffice.org) o pida "
            f"{opcion('formato')} {extension} y guárdelo como PDF desde {programa}.")


def _celda(valor: Any) -> str:
    return "—" if es_vacio(valor) else sin_controles(str(valor))


def pie_con_pagina(seccion: Any) -> None:
    """«Página N» en el pie, con el campo PAGE de Word (se actualiza solo al imprimir)."""
    parrafo = seccion.footer.paragraphs[0]
    parrafo.text = "Página "
    _campo(parrafo, "PAGE", None)


def _campo(parrafo: Any, instruccion: str, provisional: str | None) -> None:
    """Un campo de Word (PAGE, PAGEREF…) en el párrafo: Word lo calcula al abrir o imprimir (marcado «sucio»),
    LibreOffice al convertir a PDF; `provisional` es lo que se ve antes. Sin él (el número de página del pie), el
    campo va sin valor previo ni marca: Word lo llena al imprimir."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    valor_previo = [("separate", None), (None, None)] if provisional is not None else []
    for tipo, texto in [("begin", None), (None, instruccion), *valor_previo, ("end", None)]:
        corrida = parrafo.add_run(provisional if tipo is None and texto is None else None)
        if tipo:
            elemento = OxmlElement("w:fldChar")
            elemento.set(qn("w:fldCharType"), tipo)
            if tipo == "begin" and provisional is not None:
                elemento.set(qn("w:dirty"), "true")
        elif texto:
            elemento = OxmlElement("w:instrText")
            elemento.set(qn("xml:space"), "preserve")
            elemento.text = texto
        else:
            continue
        corrida._r.append(elemento)


def contenido(documento: Any, titulos: list[str]) -> list[str]:
    """El «Contenido»: cada título con su número de página (un campo PAGEREF al marcador de su encabezado, que
    Word y LibreOffice llenan). Devuelve los marcadores, para `encabezado_marcado`. Word pregunta al abrir si
    actualiza los campos (w:updateFields): así los números quedan al día también en Word."""
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    seccion = documento.sections[-1]
    borde = seccion.page_width - seccion.left_margin - seccion.right_margin
    marcas = [f"_Toc_grafo_{numero}" for numero in range(1, len(titulos) + 1)]
    for titulo, marca in zip(titulos, marcas, strict=True):
        parrafo = documento.add_paragraph()
        parrafo.paragraph_format.tab_stops.add_tab_stop(borde, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        parrafo.add_run(f"{sin_controles(titulo)}\t")
        _campo(parrafo, f" PAGEREF {marca} \\h ", "…")
    ajustes = documento.settings.element
    if ajustes.find(qn("w:updateFields")) is None:
        actualizar = OxmlElement("w:updateFields")
        actualizar.set(qn("w:val"), "true")
        # En el orden del esquema: antes de hdrShapeDefaults, footnotePr, compat… (Word rechaza otro orden).
        siguiente = next((e for e in ajustes if e.tag.split("}")[-1] in _DESPUES_DE_ACTUALIZAR), None)
        if siguiente is not None:
            siguiente.addprevious(actualizar)
        else:
            ajustes.append(actualizar)
    return marcas


_DESPUES_DE_ACTUALIZAR = frozenset({"hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
                                    "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                                    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                                    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                                    "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"})


def encabezado_marcado(documento: Any, texto: str, marca: str, *, nivel: int = 1) -> Any:
    """Un título con un marcador de Word alrededor, al que apunta su línea del «Contenido»."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    encabezado = documento.add_heading(level=nivel)
    ident = marca.rsplit("_", 1)[-1]
    inicio = OxmlElement("w:bookmarkStart")
    inicio.set(qn("w:id"), ident)
    inicio.set(qn("w:name"), marca)
    encabezado._p.append(inicio)
    encabezado.add_run(sin_controles(texto))
    fin = OxmlElement("w:bookmarkEnd")
    fin.set(qn("w:id"), ident)
    encabezado._p.append(fin)
    return encabezado


@renderizador(Informe, "docx", opciones=("papel",))
def informe_docx(informe: Informe, *, papel: str | Papel | None = None) -> bytes:
    """El informe como documento de Word: título, secciones con Título 1 y tablas con la cuadrícula de Word."""
    documento = nuevo_documento(informe.titulo, informe.fecha, papel=papel)
    documento.add_heading(informe.titulo, level=0)
    documento.add_paragraph(procedencia(informe.version_datos, informe.fecha) + ".")
    documento.add_paragraph(sin_controles(informe.introduccion))
    for s in informe.secciones:
        documento.add_paragraph(f"{s.titulo}: {s.cuenta()}", style="List Bullet")
    for numero, s in enumerate(informe.secciones, start=1):
        documento.add_heading(f"{numero}. {s.titulo} ({s.cuenta()})", level=1)
        documento.add_paragraph(s.explicacion + (f" Consulta: grafo consultar {s.consulta}." if s.consulta else ""))
        agregar_tabla(documento, s.tabla)
    return guardar(documento)


def nuevo_documento(titulo: str, fecha: str, *, papel: str | Papel | None = None) -> Any:
    """Un documento de Word apaisado en `papel` (carta si no se dice), con número de página y la fecha de los datos
    (no la de este momento)."""
    from docx import Document

    documento = Document()
    _recordar_estilos(documento)
    poner_papel(documento.sections[0], papel_de(papel))
    pie_con_pagina(documento.sections[0])
    propiedades = documento.core_properties
    titulo = sin_controles(titulo)
    # Word admite 255 caracteres en el título del documento; el título entero va en la portada.
    propiedades.title = titulo if len(titulo) <= 255 else titulo[:254] + "…"
    propiedades.author = "grafo"
    # El mismo informe da el mismo documento.
    propiedades.created = propiedades.modified = datetime.fromisoformat(fecha).replace(tzinfo=timezone.utc)
    return documento


def _recordar_estilos(documento: Any) -> None:
    """python-docx busca el estilo por su nombre recorriendo los 160 de la plantilla en cada párrafo, título o tabla
    (1,6 ms cada vez; en las 39 fichas de `grafo todo`, 1 025 veces): cada nombre se busca una vez por documento.
    Los estilos de un documento de grafo no cambian después de crearlo."""
    buscar = documento.part.get_style_id
    hallados: dict[tuple[object, object], Any] = {}

    def get_style_id(estilo: Any, tipo: Any) -> Any:
        if not isinstance(estilo, str):
            return buscar(estilo, tipo)
        if (estilo, tipo) not in hallados:
            hallados[estilo, tipo] = buscar(estilo, tipo)
        return hallados[estilo, tipo]

    documento.part.get_style_id = get_style_id


MARGEN = 0.8  # pulgadas a cada lado de la hoja: más ancho para las tablas que el 1,25" de la plantilla de Word


def poner_papel(seccion: Any, papel: Papel) -> None:
    """La hoja apaisada del tamaño de `papel`, con su código de papel (la impresora toma la bandeja que es)."""
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Inches

    seccion.orientation = WD_ORIENT.LANDSCAPE  # tablas anchas: apaisado
    seccion.page_width, seccion.page_height = Inches(papel.alto), Inches(papel.ancho)
    seccion.left_margin = seccion.right_margin = seccion.top_margin = seccion.bottom_margin = Inches(MARGEN)
    seccion._sectPr.find(qn("w:pgSz")).set(qn("w:code"), str(papel.codigo))


def agregar_tabla(documento: Any, tabla: Any, *, vacia: str = "Ninguna.") -> None:
    """Una tabla con la cuadrícula de Word y los encabezados de la tabla; «Ninguna.» si no tiene filas."""
    if tabla.empty:
        documento.add_paragraph(vacia)
        return
    hoja = documento.add_table(rows=1, cols=len(tabla.columns), style="Table Grid")
    for celda, nombre in zip(hoja.rows[0].cells, tabla.columns, strict=True):
        celda.text = str(nombre)
    textos = [[_celda(v) for v in fila] for fila in tabla.itertuples(index=False, name=None)]
    for fila in textos:
        for celda, texto in zip(hoja.add_row().cells, fila, strict=True):
            celda.text = texto
    seccion = documento.sections[-1]
    anchos = _anchos_de_columna([[str(c) for c in tabla.columns], *textos],
                                seccion.page_width - seccion.left_margin - seccion.right_margin)
    hoja.autofit = False
    for c, medida in enumerate(anchos):
        hoja.columns[c].width = medida  # la rejilla de la tabla, que es la que lee LibreOffice
        for celda in hoja.columns[c].cells:
            celda.width = medida
    _margenes_de_celda(hoja)
    alto_util = seccion.page_height - seccion.top_margin - seccion.bottom_margin
    _filas_que_no_se_parten(hoja, [[str(c) for c in tabla.columns], *textos], anchos, alto_util)


PULGADA = 914_400  # EMU
LETRA = 0.09  # pulgadas por carácter de 11 pt, en promedio
RELLENO = 0.2  # pulgadas: el margen izquierdo y derecho de la celda, y algo de holgura
PALABRA_LARGA = 18  # caracteres: hasta aquí una palabra fija el ancho mínimo de su columna


def _anchos_de_columna(filas: list[list[str]], ancho: int) -> list[Any]:
    """Todo el ancho de la página (`ancho`, EMU), repartido según lo que ocupa cada columna: su texto medio, y nunca
    menos que su palabra más larga, que no se parte. Si no, Word y LibreOffice dejan columnas iguales y angostas; y
    con un tope bajo, la columna de más texto quedaba angosta y sus filas altísimas (media hoja por mandato)."""
    from docx.shared import Emu, Inches

    minimos, pesos = [], []
    for c in range(len(filas[0])):
        valores = [f[c] for f in filas]
        palabra = max((len(p) for v in valores for p in v.split()), default=1)
        # «Eje», una fecha o un id no se parten en dos líneas; una palabra de más de PALABRA_LARGA (una dirección
        # web, «(POLITICA-MIGRATORIA)») sí, tras un guion o una barra: si no, ensancha su columna y angosta las de texto.
        minimos.append(Inches(LETRA) * min(palabra, PALABRA_LARGA) + Inches(RELLENO))
        pesos.append(min(sum(map(len, valores)) / len(valores), 400))
    resto = max(ancho - sum(minimos), 0)
    return [Emu(int(minimo + resto * peso / (sum(pesos) or 1))) for minimo, peso in zip(minimos, pesos, strict=True)]


def _lineas(texto: str, ancho: int) -> int:
    """Cuántas líneas ocupa `texto` en una celda de `ancho` EMU (a ojo: letras promedio, cortes por palabra)."""
    por_linea = max(int((ancho / PULGADA - RELLENO) / LETRA), 1)
    return sum(max(1, -(-len(parte) // por_linea)) for parte in texto.split("\n"))


def _margenes_de_celda(hoja: Any) -> None:
    """Aire arriba y abajo de cada celda: sin él, el borde de la tabla toca (o tacha, al imprimir) la última línea."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margenes = OxmlElement("w:tblCellMar")
    for lado, medida in (("top", 45), ("left", 100), ("bottom", 70), ("right", 100)):  # vigésimos de punto
        elemento = OxmlElement(f"w:{lado}")
        elemento.set(qn("w:w"), str(medida))
        elemento.set(qn("w:type"), "dxa")
        margenes.append(elemento)
    propiedades = hoja._tbl.tblPr
    despues = propiedades.find(qn("w:tblLook"))  # el orden del esquema: tblCellMar va antes de tblLook
    if despues is not None:
        despues.addprevious(margenes)
    else:
        propiedades.append(margenes)


def _filas_que_no_se_parten(hoja: Any, filas: list[list[str]], anchos: list[Any], alto_util: int) -> None:
    """El encabezado se repite en cada página; una fila corta no se parte entre dos páginas. Una fila alta (más de un
    cuarto de la hoja) sí se puede partir: si no, salta entera a la hoja siguiente y deja media hoja en blanco."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    cabe = alto_util / PULGADA / 4 / (11 * 1.25 / 72)  # líneas de 11 pt en un cuarto de la hoja
    for numero, (fila, textos) in enumerate(zip(hoja.rows, filas, strict=True)):
        propiedades = fila._tr.get_or_add_trPr()
        alta = max(_lineas(t, a) for t, a in zip(textos, anchos, strict=True)) > cabe
        etiquetas = ("w:tblHeader", "w:cantSplit") if numero == 0 else () if alta else ("w:cantSplit",)
        for etiqueta in etiquetas:
            elemento = OxmlElement(etiqueta)
            elemento.set(qn("w:val"), "true")
            propiedades.append(elemento)


def guardar(documento: Any) -> bytes:
    """El documento en bytes, el mismo para el mismo contenido: python-docx fecha cada parte del zip con la
    hora de escribirlo; aquí llevan la fecha del documento (la de los datos del informe)."""
    import zipfile

    salida = io.BytesIO()
    documento.save(salida)
    creado = documento.core_properties.created
    # El formato zip guarda fechas de 1980 a 2107: fuera de ellas, el año más cercano (una minuta de 2150 se escribe).
    fecha = (1980, 1, 1, 0, 0, 0)
    if creado is not None:
        fecha = (creado.year, creado.month, creado.day, 0, 0, 0) if 1980 <= creado.year <= 2107 else \
            (min(max(creado.year, 1980), 2107), 1, 1, 0, 0, 0)
    fijo = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(salida.getvalue())) as origen, \
            zipfile.ZipFile(fijo, "w", compression=zipfile.ZIP_DEFLATED) as destino:
        for parte in origen.infolist():
            copia = zipfile.ZipInfo(parte.filename, date_time=fecha)
            copia.compress_type, copia.external_attr = zipfile.ZIP_DEFLATED, parte.external_attr
            destino.writestr(copia, origen.read(parte.filename))
    return fijo.getvalue()


@renderizador(Informe, "html", opciones=("papel",))
def informe_html(informe: Informe, *, papel: str | Papel | None = None) -> str:
    """El informe como una página HTML sola, sin scripts ni peticiones, lista para imprimir en `papel` apaisado."""
    return pagina("informe.html", informe=informe, procedencia=procedencia(informe.version_datos, informe.fecha),
                  celda=_celda, papel=papel_de(papel))


def buscar_soffice() -> str | None:
    """LibreOffice: en el PATH o, en Windows (donde el instalador no lo pone en el PATH), en Archivos de programa."""
    encontrado = shutil.which("soffice") or shutil.which("libreoffice")
    if encontrado is not None:
        return encontrado
    for variable in ("PROGRAMFILES", "PROGRAMFILES(X86)"):
        raiz = os.environ.get(variable)
        if raiz and (candidato := Path(raiz) / "LibreOffice" / "program" / "soffice.exe").is_file():
            return str(candidato)
    return None


def a_pdf(documento: bytes, extension: str = "docx") -> bytes:
    """Un .docx (o, con `extension`, un .xlsx) pasado a PDF por LibreOffice sin pantalla, en una carpeta temporal
    propia."""
    soffice = buscar_soffice()
    if soffice is None:
        raise ErrorGrafo(sin_libreoffice(extension))
    with tempfile.TemporaryDirectory(prefix="grafo-pdf-") as carpeta:
        origen = Path(carpeta) / f"informe.{extension}"
        origen.write_bytes(documento)
        perfil = (Path(carpeta) / "perfil").as_uri()  # otra instancia de LibreOffice abierta no lo bloquea
        hecho = subprocess.run([soffice, f"-env:UserInstallation={perfil}", "--headless", "--convert-to", "pdf",
                                "--outdir", carpeta, str(origen)], capture_output=True, timeout=300, check=False)
        destino = Path(carpeta) / "informe.pdf"
        if hecho.returncode != 0 or not destino.is_file():
            raise ErrorGrafo(f"LibreOffice no pudo convertir el informe a PDF: {hecho.stderr.decode(errors='replace')}"
                             f" Cómo corregirlo: pida {opcion('formato')} {extension} y conviértalo desde "
                             f"{PROGRAMAS[extension][1]} o LibreOffice.")
        return destino.read_bytes()


@renderizador(Informe, "pdf", opciones=("papel",))
def informe_pdf(informe: Informe, *, papel: str | Papel | None = None) -> bytes:
    """El informe en PDF, del mismo .docx (para imprimir o enviar tal cual)."""
    return a_pdf(informe_docx(informe, papel=papel))
