// Package indexer builds and maintains Koppel's Bleve indexes, one for
// offerings and one for tenders. The indexes are derived data: Badger (package
// store) is the truth, and the indexer keeps Bleve in step by applying the
// store's outbox in batches. The sequence of the last applied outbox entry is
// kept inside each index (a Bleve internal key), so a restart resumes where
// it stopped and re-applying an entry is harmless.
package indexer
