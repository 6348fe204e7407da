// Package search answers Koppel's searches: offerings by free text,
// category, work form, CPV, place and service area, with facets,
// highlights, typo tolerance and suggestions; and tenders by text, clause,
// status, deadline and place. It queries the Bleve indexes that package
// indexer maintains and reads the documents of the hits from the store
// (the indexes hold none). Its result types carry the JSON shape of the
// HTTP API, so the server returns them as they are.
package search
