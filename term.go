package koppel

// Term is a word a message names that the catalogues say in the reader's
// language, such as a tender status or a category: Key is its catalogue
// key ("category.schoonmaak"), Dutch its Dutch text, the one in the
// error's Message. Pass it as an argument of WithKey or addKey; a reader
// whose catalogue lacks Key reads Dutch.
type Term struct{ Key, Dutch string }

// String is the Dutch text.
func (t Term) String() string { return t.Dutch }

// Terms are terms said as one list: joined with "; ", or with the word
// "or" of the reader's language when Or is set ("A of B", "A ou B").
type Terms struct {
	List []Term
	Or   bool
}

// Term is work form f as a Term (the workform.* keys).
func (f WorkForm) Term() Term { return Term{Key: "workform." + string(f), Dutch: f.Label()} }

// Term is category c as a Term (the category.* keys).
func (c Category) Term() Term { return Term{Key: "category." + string(c), Dutch: c.Label()} }

// Term is target group g as a Term (the targetgroup.* keys).
func (g TargetGroup) Term() Term { return Term{Key: "targetgroup." + string(g), Dutch: g.Label()} }

// statusTerm is status s as a Term (the domain.status.* keys).
func statusTerm(s TenderStatus) Term {
	return Term{"domain.status." + string(s), s.Label()}
}

// CategoryTerms are cs as Terms, each with the category's name in the
// reader's language (the category.* keys).
func CategoryTerms(cs []Category, or bool) Terms {
	ts := Terms{List: make([]Term, len(cs)), Or: or}
	for i, c := range cs {
		ts.List[i] = c.Term()
	}
	return ts
}
