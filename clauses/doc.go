// Package clauses holds Koppel's knowledge of social clauses: the clause
// catalogue (legal basis, when a clause fits, its risks, the eForms codes to
// publish and a Dutch text template) and the eligibility rule table that
// says which enterprises may bid on a reserved lot. Both are data files in
// data/, embedded in the binary, so that a lawyer can read and correct them
// without reading Go.
package clauses
