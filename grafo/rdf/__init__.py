"""El grafo RDF: vocabulario cerrado, mapeo de tablas a tripletas, construcción, serialización y SHACL."""
