// Package importers turns files into domain values plus row-level problems:
// the xlsx catalogue template (WriteCatalogueTemplate), catalogue uploads in
// xlsx or CSV (ReadCatalogue) and the uploaded workbook annotated with its
// problems (AnnotateWorkbook). It never writes to storage: the caller hands
// the streamed offerings to the store.
//
// Problems are data, not errors. A file that cannot be read at all (not a
// spreadsheet, password-protected, too large, no Aanbod sheet, no Dienst
// column) is one *koppel.Error with code EINVALID or ETOOLARGE and a plain
// Dutch message; everything wrong inside a readable file becomes a
// koppel.Problem located by sheet, row and column.
package importers
