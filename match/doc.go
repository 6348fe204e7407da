// Package match proposes social-economy enterprises for the lots of a
// tender, and the other way round the open tenders that fit an enterprise,
// each with an explanation a procurement officer can read (docs/design.md,
// "The packages").
//
// For a lot, package search proposes the candidates (search.LotQuery, in
// the domain's terms: the lot's text and language, the CPV prefixes of its
// codes, the service categories those codes belong to, the place of
// performance). Two hard filters follow: the service area must cover the
// place of performance (koppel.ServiceArea.Covers), and for reserved lots the
// enterprise must be eligible under the rule table of package clauses
// (not-eligible enterprises are left out unless asked for, then marked).
// The rest is re-ranked by a transparent score, see Weights.
//
// The Matcher reads documents from the store and asks package search for
// candidates; it knows neither Bleve nor the index's fields, and keeps no
// state of its own.
package match
