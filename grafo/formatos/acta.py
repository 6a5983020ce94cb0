"""El acta de una reunión en Word (y en PDF por LibreOffice): un documento con huecos para completar."""

from __future__ import annotations

from grafo.dominio.acta import Acta
from grafo.dominio.citas import LEYENDA_CITAS, procedencia
from grafo.formatos import renderizador
from grafo.formatos.documentos import a_pdf, agregar_tabla, guardar, nuevo_documento
from grafo.formatos.papel import Papel
from grafo.texto import fecha_en_palabras, sin_controles

FILAS_EN_BLANCO = 4
POR_COMPLETAR = "[Por completar después de la reunión.]"


@renderizador(Acta, "docx", opciones=("papel",))
def acta_docx(acta: Acta, *, papel: str | Papel | None = None) -> bytes:
    """Datos de la reunión, participantes, acciones tratadas, acuerdos y los apartados por completar."""
    documento = nuevo_documento(f"Acta — {acta.titulo}", acta.fecha, papel=papel)
    documento.add_heading(sin_controles(acta.titulo), level=0)
    documento.add_paragraph(f"Acta de la reunión {acta.reunion}, {fecha_en_palabras(acta.fecha)}.")
    for que, valor in acta.datos:
        documento.add_paragraph(f"{que}: {sin_controles(valor)}", style="List Bullet")
    documento.add_heading("1. Participantes", level=1)
    for sigla, nombre in acta.participantes:
        documento.add_paragraph(f"{sin_controles(nombre) or sigla} ({sigla})", style="List Bullet")
    if not acta.participantes:
        documento.add_paragraph("Los datos no registran las instituciones participantes.")
    documento.add_paragraph("Personas que asistieron por cada institución: " + POR_COMPLETAR)
    documento.add_heading("2. Acciones de la Política tratadas", level=1)
    agregar_tabla(documento, acta.acciones, vacia="La reunión no tiene acciones registradas en los datos.")
    documento.add_heading("3. Desarrollo de la reunión", level=1)
    documento.add_paragraph(POR_COMPLETAR)
    documento.add_heading("4. Conclusiones", level=1)
    documento.add_paragraph(POR_COMPLETAR)
    documento.add_heading("5. Acuerdos", level=1)
    if len(acta.acuerdos):
        documento.add_paragraph("Registrados en los datos:")
        agregar_tabla(documento, acta.acuerdos)
    else:
        documento.add_paragraph("Los datos no registran acuerdos de esta reunión.")
    documento.add_paragraph("Nuevos (complete y agréguelos después a la hoja «acuerdos»):")
    tabla = documento.add_table(rows=1 + FILAS_EN_BLANCO, cols=4)
    tabla.style = "Table Grid"
    for celda, texto in zip(tabla.rows[0].cells, ("Qué se acordó", "Encargados", "Plazo", "Estado"), strict=True):
        celda.text = texto
    documento.add_heading("6. Próxima reunión", level=1)
    documento.add_paragraph("Fecha, lugar y temas: " + POR_COMPLETAR)
    documento.add_paragraph(f"{procedencia(acta.version_datos, acta.generado)}. {LEYENDA_CITAS}")
    return guardar(documento)


@renderizador(Acta, "pdf", opciones=("papel",))
def acta_pdf(acta: Acta, *, papel: str | Papel | None = None) -> bytes:
    return a_pdf(acta_docx(acta, papel=papel))
