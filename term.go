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

// statusTerm is status s as a Term (the domain.status.* keys).
func statusTerm(s TenderStatus) Term {
	return Term{"domain.status." + string(s), s.Label()}
}

// CategoryTerms are cs as Terms, each with the category's name in the
// reader's language (the category.* keys).
func CategoryTerms(cs []Category, or bool) Terms {
	ts := Terms{List: make([]Term, len(cs)), Or: or}
	for i, c := range cs {
		ts.List[i] = Term{Key: "category." + string(c), Dutch: c.Label()}
	}
	return ts
}
