package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// A text query is planned once as a tree of qnodes. Bleve runs it as the
// query bleve returns (tender search, and offering search over an index
// that is not a Scorch index); offering search runs it term at a time over
// the segments (exec.go), with the same matches and scores.

// Operators of a qnode.
const (
	opTerm   = iota // the term in the field
	opFuzzy         // the terms within fuzziness edits of term, same first letter
	opPrefix        // the terms that start with term
	opOr            // any kid (at least min); the score is the kids' sum times matched/len(kids)
	opAnd           // every kid; the score is the kids' sum
)

// qnode is a node of a planned text query.
type qnode struct {
	op        int
	field     string
	term      string
	fuzziness int
	boost     float64
	kids      []*qnode
	// min is, for opOr, the number of kids a document must match (0 and 1:
	// any), as Bleve's DisjunctionQuery.Min.
	min int
	// tiered, on the root of a search, ranks the documents by the number of
	// kids they match first, then by score: those with every word of the
	// query first.
	tiered bool
}

func termNode(field, term string, boost float64) *qnode {
	return &qnode{op: opTerm, field: field, term: term, boost: boost}
}

// bleve returns the node as a Bleve query.
func (n *qnode) bleve() query.Query {
	switch n.op {
	case opTerm:
		return termQ(n.field, n.term, n.boost)
	case opFuzzy:
		q := bleve.NewFuzzyQuery(n.term)
		q.SetField(n.field)
		q.SetFuzziness(n.fuzziness)
		q.SetPrefix(1)
		q.SetBoost(n.boost)
		return q
	case opPrefix:
		q := bleve.NewPrefixQuery(n.term)
		q.SetField(n.field)
		q.SetBoost(n.boost)
		return q
	}
	kids := make([]query.Query, len(n.kids))
	for i, k := range n.kids {
		kids[i] = k.bleve()
	}
	if n.op == opAnd {
		return bleve.NewConjunctionQuery(kids...)
	}
	q := bleve.NewDisjunctionQuery(kids...)
	q.SetMin(float64(n.min))
	return q
}
