// Package koppel holds Koppel's domain: the enterprises of the Flemish social
// economy and their offerings (aanbod), the tenders (opdrachten) of schools
// and municipalities with their lots and social clauses, the matches between
// them, and the one error type every layer returns.
//
// It imports no storage, index, HTTP or spreadsheet library. The layers —
// store (Badger), indexer and search (Bleve), importers (excelize), server
// (Gin) — import this package and talk to each other in its types.
package koppel
