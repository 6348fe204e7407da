package engine

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// A text query is planned once as a tree of Nodes. Bleve runs it as the
// query Bleve returns (tender search, and offering search over an index
// that is not a Scorch index); Search and Score run it term at a time over
// the segments (exec.go), with the same matches and scores.

// Op is the operator of a Node.
type Op int

// Operators of a Node.
const (
	OpTerm   Op = iota // the term in the field
	OpFuzzy            // the terms within Fuzziness edits of Term, same first letter
	OpPrefix           // the terms that start with Term
	OpOr               // any kid (at least Min); the score is the kids' sum times matched/len(Kids)
	OpAnd              // every kid; the score is the kids' sum
)

// Node is a node of a planned text query.
type Node struct {
	Op        Op
	Field     string
	Term      string
	Fuzziness int
	Boost     float64
	Kids      []*Node
	// Min is, for OpOr, the number of kids a document must match (0 and 1:
	// any), as Bleve's DisjunctionQuery.Min.
	Min int
	// Tiered, on the root of a search, ranks the documents by the number of
	// kids they match first, then by score: those with every word of the
	// query first.
	Tiered bool
}

// TermNode is the node of term in field with a boost.
func TermNode(field, term string, boost float64) *Node {
	return &Node{Op: OpTerm, Field: field, Term: term, Boost: boost}
}

// Required is the number of the root's kids a document must match (1 for
// a plan of one concept).
func (n *Node) Required() int {
	switch {
	case n.Op == OpAnd && !n.Tiered:
		return len(n.Kids)
	case n.Op == OpOr && n.Tiered:
		return max(1, n.Min)
	}
	return 1
}

// Bleve returns the node as a Bleve query.
func (n *Node) Bleve() query.Query {
	switch n.Op {
	case OpTerm:
		return TermQuery(n.Field, n.Term, n.Boost)
	case OpFuzzy:
		q := bleve.NewFuzzyQuery(n.Term)
		q.SetField(n.Field)
		q.SetFuzziness(n.Fuzziness)
		q.SetPrefix(1)
		q.SetBoost(n.Boost)
		return q
	case OpPrefix:
		q := bleve.NewPrefixQuery(n.Term)
		q.SetField(n.Field)
		q.SetBoost(n.Boost)
		return q
	}
	kids := make([]query.Query, len(n.Kids))
	for i, k := range n.Kids {
		kids[i] = k.Bleve()
	}
	if n.Op == OpAnd {
		return bleve.NewConjunctionQuery(kids...)
	}
	q := bleve.NewDisjunctionQuery(kids...)
	q.SetMin(float64(n.Min))
	return q
}

// TermQuery is Bleve's query of term in field with a boost.
func TermQuery(field, term string, boost float64) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// Plan turns a Bleve query into a plan, as Bleve would search it. It
// knows term, match (operator or, not fuzzy), disjunction (min ≤ 1),
// conjunction and match-none queries, and returns an error for another.
func Plan(q query.Query, m mapping.IndexMapping) (*Node, error) {
	field := func(f string) string {
		if f == "" {
			return m.DefaultSearchField()
		}
		return f
	}
	switch q := q.(type) {
	case *query.TermQuery:
		return TermNode(field(q.FieldVal), q.Term, q.BoostVal.Value()), nil
	case *query.MatchNoneQuery:
		return &Node{Op: OpOr}, nil
	case *query.MatchQuery:
		if q.Operator != query.MatchQueryOperatorOr || q.Fuzziness != 0 {
			return nil, unsupported(q)
		}
		f := field(q.FieldVal)
		name := q.Analyzer
		if name == "" {
			name = m.AnalyzerNameForPath(f)
		}
		a := m.AnalyzerNamed(name)
		if a == nil {
			return nil, fmt.Errorf("no analyzer named %q", name)
		}
		n := &Node{Op: OpOr}
		for _, t := range a.Analyze([]byte(q.Match)) {
			n.Kids = append(n.Kids, TermNode(f, string(t.Term), q.BoostVal.Value()))
		}
		return n, nil
	case *query.DisjunctionQuery:
		if q.Min > 1 {
			return nil, unsupported(q)
		}
		return planKids(OpOr, q.Disjuncts, m)
	case *query.ConjunctionQuery:
		return planKids(OpAnd, q.Conjuncts, m)
	}
	return nil, unsupported(q)
}

func planKids(op Op, qs []query.Query, m mapping.IndexMapping) (*Node, error) {
	n := &Node{Op: op}
	for _, k := range qs {
		kn, err := Plan(k, m)
		if err != nil {
			return nil, err
		}
		n.Kids = append(n.Kids, kn)
	}
	if len(n.Kids) == 0 {
		return &Node{Op: OpOr}, nil // Bleve: match none
	}
	return n, nil
}

func unsupported(q query.Query) error {
	return fmt.Errorf("score: a %T is not supported", q)
}
