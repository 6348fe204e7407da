// Package search answers Koppel's searches: offerings by free text,
// category, work form, CPV, place and service area, with facets,
// highlights, typo tolerance and suggestions; and tenders by text, clause,
// status, deadline and place; and, for package match, the offerings that
// may serve a lot (LotQuery). It queries the Bleve indexes that package
// indexer maintains and reads the documents of the hits from the store
// (the indexes hold none). Offering search and lot queries run term at a
// time on the scoring engine of search/internal/engine, which knows
// fields and terms but no Koppel types. Its result types carry the JSON
// shape of the HTTP API, so the server returns them as they are.
package search
