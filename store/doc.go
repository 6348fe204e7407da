// Package store keeps Koppel's data in Badger, the source of truth from which
// the search index is derived and can always be rebuilt (docs/design.md, "The packages").
//
// # Key schema
//
// All keys are ASCII paths; values are JSON unless noted.
//
//	meta/schema                 schema version, decimal ASCII ("1")
//	meta/outbox_seq             high-water mark of the outbox, 8-byte big endian
//	meta/catalogue_gen          last catalogue generation handed out, 8-byte big endian
//	ent/{kbo}                   Enterprise
//	cat/{kbo}                   the enterprise's current catalogue generation, 8-byte big endian
//	off/{kbo}/{gen}/{id}        Offering; gen is 16 lower-case hex digits
//	ten/{id}                    Tender
//	tenn/{noticeID}             tender ID (unique index of eForms notice IDs)
//	tok/{hash}                  Token, by the hex SHA-256 of its secret
//	imp/{id}                    ImportReport
//	impf/{id}                   the annotated workbook of an import (raw xlsx bytes)
//	outbox/{seq}                IndexChange; seq is 8-byte big endian, so keys sort by seq
//	cv/{kbo}/{id}/m             CatalogueVersion: the catalogue before import {id}, for undo
//	cv/{kbo}/{id}/c/{n}         its offerings, chunk n (8 digits): flate of uvarint-length-prefixed JSON
//	pend/{kbo}/{tokenID}        PendingUpload: a catalogue upload waiting for confirmation (expires after an hour)
//	pendf/{kbo}/{tokenID}       its file (raw bytes, same expiry)
//
// # Catalogue generations
//
// An enterprise's offerings live under a generation number, and cat/{kbo}
// points at the current one. A catalogue upload streams into a new
// generation with a WriteBatch (many small transactions, so a catalogue of
// any size fits), comparing each offering with the current one: new and
// changed offerings are written whole, unchanged ones as an empty value (a
// marker). When the changes are few (a few thousand, about 1.5 MB), one
// transaction applies them to the current generation, stores the enterprise
// and queues one DocOffering change per changed offering; the upload's
// generation is then deleted. Otherwise the markers are filled with the
// current values, and one transaction flips the pointer, stores the
// enterprise and queues the index changes (one DocCatalogue change when they
// are many); the old generation is deleted afterwards. A crash before that
// transaction leaves the old catalogue, a crash after it the new one; never a
// mix. Generations that are not current are orphans (left by a crash, by an
// upload applied in place or by a deleted enterprise) and are deleted by
// Open. Readers only ever see the current generation, so never a marker.
//
// # Catalogue versions
//
// An upload with a version ID (CatalogueOptions.Version; ingest passes the
// import report's ID) keeps the catalogue it replaces: the profile and the
// offerings as the upload's snapshot saw them, streamed into compressed
// chunks of at most 1,000 offerings or 1 MB before compression, with a
// WriteBatch. The version's meta key is written in the transaction that
// makes the upload current, so a version exists exactly when its upload
// happened; chunks without a meta key (a crash, a failed upload) are deleted
// by Open. Putting a version back is an ordinary catalogue upload of its
// offerings (VersionOfferings) and profile, so it is atomic and keeps a
// version of its own. After each upload the enterprise's versions beyond the
// retention are deleted: the newest Options.KeepVersions (5) stay, and any
// younger than Options.KeepVersionsFor (30 days).
//
// # Outbox
//
// Every write that changes what the search index shows queues an
// IndexChange under outbox/ in the same transaction as the change. Writers
// that queue changes are serialised by a mutex, so sequence numbers are
// committed in order and a reader of the outbox never sees a gap that is
// filled later. The high-water mark meta/outbox_seq is written in the same
// transaction, so numbers are never reused, even after AckChanges removed
// every entry and the store was reopened.
//
// # Encoding
//
// Values are JSON, through one pair of helpers (encode, decode). The
// entities already carry JSON tags for the API, the values are small, the
// data stays readable in a backup or a debugger, and fields can be added
// without a migration. Decoding JSON is not the bottleneck: the index is fed
// at thousands of offerings per second.
package store
