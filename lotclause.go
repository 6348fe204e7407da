package koppel

// MaxClauseText is the longest clause text a lot keeps, in bytes: far
// more than the longest clause of the catalogue.
const MaxClauseText = 10000

// AttachClause puts c on the lot: it takes the place of the lot's clause
// of the same kind (other than a social objective read from a notice), or
// comes after the lot's clauses.
func (l *Lot) AttachClause(c Clause) {
	for i, o := range l.Clauses {
		if o.Kind == c.Kind && !o.Objective {
			l.Clauses[i] = c
			return
		}
	}
	l.Clauses = append(l.Clauses, c)
}
