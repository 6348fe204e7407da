// Package ingest runs an import from end to end, the same way for the
// command line and the HTTP API: read the file (package importers), write
// the result to the store in one logical commit, bring the search index up
// to date, and keep the import report. importers only reads; this package
// is where reading meets writing.
package ingest
