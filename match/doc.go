// Package match proposes social-economy enterprises for the lots of a
// tender, and the other way round the open tenders that fit an enterprise,
// each with an explanation a procurement officer can read (DESIGN.md §2,
// "Matching a tender lot").
//
// For a lot, the candidates come from the offerings index: the lot's text
// against the offerings' title, keywords and description (Koppel's Dutch
// analyzers), the CPV prefixes of the lot's codes and the service
// categories those codes belong to. Two hard filters follow: the service
// area must cover the place of performance, and for reserved lots the
// enterprise must be eligible under the rule table of package clauses
// (not-eligible enterprises are left out unless asked for, then marked).
// The rest is re-ranked by a transparent score, see Weights.
//
// The Matcher reads documents from the store and the index through the
// exported APIs of the store, indexer, clauses and refdata packages; it
// keeps no state of its own besides a list of postcode coordinates.
package match
