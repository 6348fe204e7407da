package server

import (
	"html/template"
	"slices"
	"strconv"
	"strings"

	"koppel"
	"koppel/i18n"
)

// formErrors are the problems of a form's fields, each shown beside its
// field (by the field's element id) and all listed at the top, linked to
// their fields, in the order of the form.
type formErrors struct {
	List []formError
	byID map[string][]fieldMessage
	// cpv are the CPV codes offered beside a CPV field (by element id)
	// for the words typed in it.
	cpv map[string][]cpvChoice
}

// formError is one line of the list at the top: ID is the field's element
// id ("" when the form has no field for it), Label its name on the page.
// Dutch is set for a message Koppel has only in Dutch (no catalogue key),
// which a French or English page marks lang="nl".
//
// Question is set when Label is a question ("Le lot est-il attribué ?"):
// the list then puts no colon after it, and Message is a sentence.
type formError struct {
	ID, Label, Message string
	Dutch, Question    bool
	pos                int
}

// fieldMessages is what the template shows beside one field.
type fieldMessages struct {
	ID       string
	Messages []fieldMessage
	// CPV are the codes the words typed in a CPV field may mean.
	CPV []cpvChoice
}

// cpvChoice is a CPV code offered beside a CPV field, with its name in
// the page's language.
type cpvChoice struct{ Code, Label string }

// addCPVChoices offers hits beside the field with element id (which has
// a problem), each named in l.
func (fe *formErrors) addCPVChoices(l i18n.Lang, id string, hits []cpvHit) {
	if len(hits) == 0 {
		return
	}
	if fe.cpv == nil {
		fe.cpv = map[string][]cpvChoice{}
	}
	for _, h := range hits {
		fe.cpv[id] = append(fe.cpv[id], cpvChoice{Code: h.Code, Label: codeLabel(l, h.Label, h.FR, h.EN, "")})
	}
}

// fieldMessage is one message beside a field; Dutch as in formError.
type fieldMessage struct {
	Text  string
	Dutch bool
}

// add adds a problem whose message msg is in the page's language.
func (fe *formErrors) add(id, label, msg string, pos int) { fe.put(id, label, msg, false, pos) }

// addField adds the problem e in l: from the catalogue when it has a key,
// else its Dutch message, marked as such.
func (fe *formErrors) addField(l i18n.Lang, id, label string, e koppel.FieldError, pos int) {
	fe.put(id, label, fieldText(l, e), e.Key == "", pos)
}

func (fe *formErrors) put(id, label, msg string, dutch bool, pos int) {
	e := formError{ID: id, Label: label, Message: msg, Dutch: dutch, pos: pos, Question: strings.HasSuffix(label, "?")}
	if e.Question {
		e.Message = koppel.Sentence(msg)
	}
	fe.List = append(fe.List, e)
	if id != "" {
		if fe.byID == nil {
			fe.byID = map[string][]fieldMessage{}
		}
		fe.byID[id] = append(fe.byID[id], fieldMessage{Text: koppel.Sentence(msg), Dutch: dutch}) // on its own beside the field
	}
}

// fieldDef is a field of a form: its element id, the catalogue key of its
// label, and the koppel.FieldError name whose problems it shows.
type fieldDef struct{ id, label, field string }

// addFields adds the problems fes in l, each beside its field of defs (in
// their order) and in the list at the top; a problem of a field the form
// does not show is only listed, under the label key other.
func (fe *formErrors) addFields(l i18n.Lang, defs []fieldDef, fes koppel.FieldErrorList, other string) {
	for _, e := range fes {
		i := slices.IndexFunc(defs, func(d fieldDef) bool { return d.field == e.Field })
		if i < 0 {
			fe.addField(l, "", i18n.T(l, other), e, len(defs))
			continue
		}
		fe.addField(l, defs[i].id, i18n.T(l, defs[i].label), e, i)
	}
	fe.sort()
}

// sort puts the list in the order of the form's fields.
func (fe *formErrors) sort() {
	slices.SortStableFunc(fe.List, func(a, b formError) int { return a.pos - b.pos })
}

// Any reports whether there is a problem.
func (fe formErrors) Any() bool { return len(fe.List) > 0 }

// Field returns the messages of the field with element id, for the
// partial "fielderror".
func (fe formErrors) Field(id string) fieldMessages {
	return fieldMessages{ID: id, Messages: fe.byID[id], CPV: fe.cpv[id]}
}

// Attrs are the attributes that tie an invalid field to its messages,
// for screen readers: aria-invalid and aria-describedby naming the
// element "ID_error" that the partial "fielderror" writes.
func (fe formErrors) Attrs(id string) template.HTMLAttr {
	if len(fe.byID[id]) == 0 {
		return ""
	}
	id = template.HTMLEscapeString(id)
	return template.HTMLAttr(` aria-invalid="true" aria-describedby="` + id + `_error"`)
}

// The fields of the tender form: element id (for a lot's, the part after
// "lotN_"), the catalogue key of its label, and the koppel.FieldError name
// they show.
var (
	tenderFields = []struct{ id, label, field string }{
		{"title", "form.tender_title", "title"},
		{"buyer", "form.tender_buyer", "buyer.name"},
		{"description", "form.tender_description", "description"},
		{"deadline", "form.tender_deadline", "deadline"},
		{"status", "form.tender_status", "status"},
	}
	lotFields = []struct{ id, label, field string }{
		{"title", "form.lot_title", "title"},
		{"description", "form.lot_description", "description"},
		{"cpv", "form.lot_cpv", "cpv"},
		{"postcode", "form.lot_postcode", "postcode"},
		{"volume", "form.lot_volume", "volume_fte"},
		{"start", "form.lot_start", "start"},
		{"end", "form.lot_end", "end"},
		{"clause", "form.lot_clause", "clauses"},
		{"target_groups", "form.lot_target_groups", "target_groups"},
	}
)

// addTender adds a problem of the tender's own field (a koppel.FieldError
// name); one the form has no field for is only listed.
func (f *newTenderForm) addTender(field, msg string) {
	for i, tf := range tenderFields {
		if tf.field == field {
			if field == "buyer.name" && f.BuyerFixed {
				break // shown, not a field
			}
			f.Errors.add(tf.id, i18n.T(f.lang, tf.label), msg, i)
			return
		}
	}
	f.Errors.add("", i18n.T(f.lang, "form.tender"), msg, len(tenderFields))
}

// addLot adds a problem of field (a koppel.FieldError name) of the lot in
// form slot n (from 1).
func (f *newTenderForm) addLot(n int, field, msg string) {
	name := i18n.T(f.lang, "form.lot", "Lot", strconv.Itoa(n))
	if n >= 1 && n <= len(f.Lots) {
		name = i18n.T(f.lang, "form.lot", "Lot", f.Lots[n-1].Name())
	}
	base := 100 * (n + 1)
	for i, lf := range lotFields {
		if lf.field == field {
			f.Errors.add("lot"+strconv.Itoa(n)+"_"+lf.id, name+", "+i18n.T(f.lang, lf.label), msg, base+i)
			return
		}
	}
	f.Errors.add("", name, msg, base+len(lotFields))
}

// addValidation adds the problems koppel.Tender.Validate found: each
// field's beside it (slots[i] is the form slot of the tender's lot i), and
// anything else, such as a tender too large, at the top.
func (f *newTenderForm) addValidation(err error, slots []int) {
	fes := koppel.FieldErrorListOf(err)
	if fes == nil {
		f.Errors.add("", i18n.T(f.lang, "form.tender"), i18n.ErrorText(f.lang, err), -1)
		return
	}
	for _, e := range fes {
		i, name, ok := koppel.ParseLotField(e.Field)
		switch {
		case e.Field == "lots":
			f.addLot(1, "title", i18n.T(f.lang, "form.one_lot_title"))
		case ok && i < len(slots):
			f.addLot(slots[i], name, fieldText(f.lang, e))
		default:
			f.addTender(e.Field, fieldText(f.lang, e))
		}
	}
}

// Name is how the form names the lot: its ID when it is a stored lot, else
// its slot number.
func (l lotForm) Name() string {
	if l.ID != "" {
		return l.ID
	}
	return strconv.Itoa(l.N)
}

// fieldText is a field's problem in l: from the catalogue when it has a
// key, else its Dutch message.
func fieldText(l i18n.Lang, e koppel.FieldError) string {
	if e.Key == "" {
		return e.Message
	}
	return i18n.KeyText(l, e.Key, e.Args...)
}
