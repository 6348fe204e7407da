// Package engine is a term-at-a-time scoring engine over Bleve's Scorch
// indexes: a query planned as a tree of Nodes is run over the immutable
// segments of a snapshot, each term's postings read once and their BM25
// scores added up per document, with Bleve's formulas, so that the matches
// and scores are those Bleve's own search gives with the same statistics
// (the engine takes the real average length of each field, where Bleve
// takes its number of terms per document: fieldlen.go). Around it: a cache
// of decoded postings, facet counts and sorting from per-segment arrays
// instead of doc values, filters cached per segment, and the numbering of
// snapshots that result caches are keyed by.
//
// It knows fields and terms, not what they mean: the caller (package
// search) names the fields to count and sort by and turns the counts into
// its own results.
package engine
