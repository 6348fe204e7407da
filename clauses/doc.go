// Package clauses holds Koppel's knowledge of social clauses: the library
// of model clauses (legal basis, when a clause fits, its risks, the eForms
// codes to publish and the texts to fill in) and the eligibility rule table that
// says which enterprises may bid on a reserved lot. Both are data files in
// data/, embedded in the binary, so that a lawyer can read and correct them
// without reading Go.
package clauses
