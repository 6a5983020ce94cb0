"""El paquete de datos: el esquema de las tablas, su lectura y revisión (sin nada de RDF)."""
