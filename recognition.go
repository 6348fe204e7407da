package koppel

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// RegisteredRecognition is one row of the recognition register: a
// recognition (erkenning) as the Flemish administration published it.
type RegisteredRecognition struct {
	KBO       KBO      `json:"kbo"`
	Form      WorkForm `json:"form"`
	Number    string   `json:"number,omitempty"`
	ValidFrom Date     `json:"valid_from"`
	ValidTo   Date     `json:"valid_to"` // zero: no end date
	Source    string   `json:"source"`
	Row       int      `json:"row,omitempty"` // row of the imported file
}

// RecognitionRegister is the register of verified recognitions an admin
// imports, with the report of its import. A new import replaces it whole.
type RecognitionRegister struct {
	File       string    `json:"file"`
	ImportedAt time.Time `json:"imported_at"`
	// Entries are sorted by company number (see Sort).
	Entries []RegisteredRecognition `json:"entries"`
	// Rows counts the data rows read; Rejected those not taken up (an
	// invalid value, an unknown company number). Problems say why.
	Rows     int       `json:"rows"`
	Rejected int       `json:"rejected"`
	Problems []Problem `json:"problems"`

	forms map[WorkForm]bool // the work forms the register covers (Sort)
}

// Verification says that a recognition comes from the register, not from
// the enterprise's own spreadsheet.
type Verification struct {
	Source     string    `json:"source"`
	RegisterAt time.Time `json:"register_at"` // when the register was imported
}

// Sort orders the entries by company number, work form and start, as For
// needs them, and notes the work forms the register covers.
func (reg *RecognitionRegister) Sort() {
	reg.forms = reg.coveredForms()
	sort.SliceStable(reg.Entries, func(i, j int) bool {
		a, b := reg.Entries[i], reg.Entries[j]
		if a.KBO != b.KBO {
			return a.KBO < b.KBO
		}
		if a.Form != b.Form {
			return a.Form < b.Form
		}
		return a.ValidFrom.Before(b.ValidFrom)
	})
}

func (reg *RecognitionRegister) coveredForms() map[WorkForm]bool {
	if reg.forms != nil {
		return reg.forms
	}
	forms := map[WorkForm]bool{}
	for _, e := range reg.Entries {
		forms[e.Form] = true
	}
	return forms
}

// For returns the register's entries of one enterprise (nil when it is not
// in the register). reg may be nil.
func (reg *RecognitionRegister) For(kbo KBO) []RegisteredRecognition {
	if reg == nil {
		return nil
	}
	i := sort.Search(len(reg.Entries), func(i int) bool { return reg.Entries[i].KBO >= kbo })
	j := i
	for j < len(reg.Entries) && reg.Entries[j].KBO == kbo {
		j++
	}
	return reg.Entries[i:j]
}

// Apply returns e as matching and eligibility see it: when the enterprise
// is in the register, the register's recognitions (marked Verified) take
// the place of the self-declared ones of the same work forms; declared
// forms the register does not list stay, unverified. e itself is not
// changed; an enterprise not in the register is returned as it is. reg
// may be nil.
func (reg *RecognitionRegister) Apply(e *Enterprise) *Enterprise {
	if e == nil {
		return nil
	}
	entries := reg.For(e.KBO)
	if len(entries) == 0 {
		return e
	}
	out := *e
	out.Recognitions = make([]Recognition, 0, len(entries)+len(e.Recognitions))
	listed := map[WorkForm]bool{}
	for _, en := range entries {
		listed[en.Form] = true
		out.Recognitions = append(out.Recognitions, Recognition{
			Form: en.Form, Number: en.Number, ValidFrom: en.ValidFrom, ValidTo: en.ValidTo,
			Verified: &Verification{Source: en.Source, RegisterAt: reg.ImportedAt},
		})
	}
	for _, r := range e.Recognitions {
		if !listed[r.Form] {
			out.Recognitions = append(out.Recognitions, r)
		}
	}
	return &out
}

// RecognitionConflict is a self-declared recognition that contradicts the
// register.
type RecognitionConflict struct {
	KBO     KBO      `json:"kbo"`
	Name    string   `json:"name,omitempty"`
	Form    WorkForm `json:"form"`
	Message string   `json:"message_nl"`
	// Text is the message in the language of the request that reads it
	// (set by the server, as Problem.Text).
	Text string `json:"message,omitempty"`

	// What Message says, for saying it in another language
	// (ingest.ConflictText): Kind is ConflictNotListed, ConflictNumber or
	// ConflictPeriod; Number the declared recognition number; Registered
	// the register's numbers; Declared and InRegister the periods (from,
	// to; zero when open).
	Kind       string   `json:"-"`
	Source     string   `json:"-"`
	Number     string   `json:"-"`
	Registered []string `json:"-"`
	Declared   [2]Date  `json:"-"`
	InRegister [2]Date  `json:"-"`
}

// The kinds of RecognitionConflict.
const (
	ConflictNotListed = "not_listed" // the register does not list the work form for the enterprise
	ConflictNumber    = "number"     // another recognition number
	ConflictPeriod    = "period"     // other dates
)

// Conflicts compares the recognitions an enterprise declared itself (e as
// stored, not Applied) with the register: another recognition number,
// other dates, or a recognised work form the register does not list for a
// company number that is in it. A work form the register covers for no
// enterprise at all (arbeidszorg in a register of maatwerkbedrijven and LDE
// projects) is outside it, not contradicted. An enterprise not in the
// register has none. reg may be nil.
func (reg *RecognitionRegister) Conflicts(e *Enterprise) []RecognitionConflict {
	entries := reg.For(e.KBO)
	if len(entries) == 0 {
		return nil
	}
	covered := reg.coveredForms()
	var out []RecognitionConflict
	add := func(c RecognitionConflict, format string, args ...any) {
		c.KBO, c.Name, c.Message = e.KBO, e.Name, fmt.Sprintf(format, args...)
		out = append(out, c)
	}
	for _, r := range e.Recognitions {
		if info, ok := r.Form.Info(); !ok || !info.Recognised || !covered[r.Form] {
			continue
		}
		var same []RegisteredRecognition
		for _, en := range entries {
			if en.Form == r.Form {
				same = append(same, en)
			}
		}
		if len(same) == 0 {
			add(RecognitionConflict{Form: r.Form, Kind: ConflictNotListed, Source: entries[0].Source},
				"U vermeldt een erkenning als %s, maar het register van %s vermeldt die niet voor %s.", strings.ToLower(r.Form.Label()), entries[0].Source, e.KBO)
			continue
		}
		match := same[0]
		if r.Number != "" {
			found := false
			for _, en := range same {
				if sameRecognitionNumber(en.Number, r.Number) {
					match, found = en, true
					break
				}
			}
			if !found {
				add(RecognitionConflict{Form: r.Form, Kind: ConflictNumber, Source: match.Source, Number: r.Number, Registered: registeredNumberList(same)},
					"U vermeldt erkenningsnummer %s als %s; het register van %s vermeldt %s.", r.Number, strings.ToLower(r.Form.Label()), match.Source, registeredNumbers(same))
				continue
			}
		}
		if !r.ValidFrom.IsZero() && !r.ValidFrom.Equal(match.ValidFrom) || !r.ValidTo.IsZero() && !r.ValidTo.Equal(match.ValidTo) {
			add(RecognitionConflict{Form: r.Form, Kind: ConflictPeriod, Source: match.Source,
				Declared: [2]Date{r.ValidFrom, r.ValidTo}, InRegister: [2]Date{match.ValidFrom, match.ValidTo}},
				"U vermeldt de erkenning als %s geldig %s; volgens het register van %s is ze geldig %s.", strings.ToLower(r.Form.Label()), periodText(r.ValidFrom, r.ValidTo), match.Source, periodText(match.ValidFrom, match.ValidTo))
		}
	}
	return out
}

// sameRecognitionNumber compares recognition numbers as people write them:
// case, spaces, dots and dashes do not matter.
func sameRecognitionNumber(a, b string) bool {
	key := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == ' ' || r == '.' || r == '-' || r == '/' || r == '_' {
				return -1
			}
			return r
		}, strings.ToLower(s))
	}
	return key(a) == key(b)
}

func registeredNumbers(es []RegisteredRecognition) string {
	ns := registeredNumberList(es)
	if len(ns) == 0 {
		return "geen nummer"
	}
	return strings.Join(ns, " of ")
}

// registeredNumberList are the numbers of es that have one.
func registeredNumberList(es []RegisteredRecognition) []string {
	var ns []string
	for _, e := range es {
		if e.Number != "" {
			ns = append(ns, e.Number)
		}
	}
	return ns
}

func periodText(from, to Date) string {
	switch {
	case from.IsZero() && to.IsZero():
		return "zonder data"
	case from.IsZero():
		return "tot " + to.Dutch()
	case to.IsZero():
		return "vanaf " + from.Dutch()
	}
	return "van " + from.Dutch() + " tot " + to.Dutch()
}

// RecognitionService keeps the recognition register.
type RecognitionService interface {
	// RecognitionRegister returns the current register: an empty one
	// (zero ImportedAt) when none was imported.
	RecognitionRegister(ctx context.Context) (*RecognitionRegister, error)
	// ReplaceRecognitionRegister replaces the register with reg, at once:
	// readers see the old one or the new one, never a mix.
	ReplaceRecognitionRegister(ctx context.Context, reg *RecognitionRegister) error
}
