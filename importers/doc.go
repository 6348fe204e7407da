// Package importers turns files into domain values plus row-level problems:
// the xlsx catalogue template (WriteCatalogueTemplate), catalogue uploads in
// xlsx or CSV (ReadCatalogue), the tender template (WriteTenderTemplate),
// tender spreadsheets of one row per lot (ReadTenders) and the uploaded
// workbook annotated with its problems (AnnotateWorkbook). It never writes
// to storage: the caller hands the streamed offerings and the tenders to
// the store.
//
// Both spreadsheet importers read through one table (table.go): the size
// and unzip limits, the sniffing of xlsx and CSV, the streaming row
// sources, the header row found by synonyms (a schema per table, header.go)
// and the capped problem list are shared; each importer only says what a
// row means.
//
// Problems are data, not errors. A file that cannot be read at all (not a
// spreadsheet, password-protected, too large, no Aanbod sheet, no Dienst
// column, no Aankoper or Titel opdracht column) is one *koppel.Error with
// code EINVALID or ETOOLARGE and a plain Dutch message; everything wrong
// inside a readable file becomes a koppel.Problem located by sheet, row
// and column.
package importers
