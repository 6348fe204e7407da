package koppel

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Purchase is one line of a buyer's spend file (aankopen): what was paid
// to which supplier, when. The supplier is known by its company number,
// its name, or both.
type Purchase struct {
	// Row is the row of the file the purchase was read from.
	Row      int    `json:"row"`
	Supplier string `json:"supplier,omitempty"` // the name as written
	KBO      KBO    `json:"kbo,omitempty"`      // from the file, checked
	// Cents is the amount in euro cents as the file has it (with or
	// without VAT, as the buyer keeps its books); negative for a credit
	// note.
	Cents       int64  `json:"cents"`
	Date        Date   `json:"date"`
	Description string `json:"description,omitempty"`
	CPV         []CPV  `json:"cpv,omitempty"`
}

// MaxPurchaseCents bounds the amount of one purchase: a billion euro.
const MaxPurchaseCents = 100_000_000_000

// SpendFile is a buyer's uploaded purchases with the report of the upload.
// A new upload replaces it whole.
type SpendFile struct {
	Buyer      string    `json:"buyer"`
	File       string    `json:"file"`
	UploadedAt time.Time `json:"uploaded_at"`
	// Rows counts the data rows read; Rejected those left out for an
	// error (Problems say why).
	Rows            int        `json:"rows"`
	Rejected        int        `json:"rejected"`
	Problems        []Problem  `json:"problems"`
	ProblemsOmitted int        `json:"problems_omitted,omitempty"`
	IgnoredColumns  []string   `json:"ignored_columns,omitempty"`
	Purchases       []Purchase `json:"purchases"`
}

// LinkDecision is a buyer's answer to a link proposed by name.
type LinkDecision string

// The decisions on a proposed link.
const (
	LinkConfirmed LinkDecision = "confirmed"
	LinkRejected  LinkDecision = "rejected"
)

// SupplierLink is a buyer's decision that the supplier named Name (as
// SupplierKey folds it) is, or is not, the enterprise KBO. Decisions are
// kept apart from the spend file, so that a new upload keeps them for
// the same supplier names.
type SupplierLink struct {
	Name      string       `json:"name"` // SupplierKey of the supplier's name
	KBO       KBO          `json:"kbo"`
	Decision  LinkDecision `json:"decision"`
	DecidedAt time.Time    `json:"decided_at"`
}

// MaxSupplierLinks bounds the link decisions kept per buyer: twice the
// suppliers of the largest spend file.
const MaxSupplierLinks = 100_000

// SpendService keeps the buyers' spend files, their link decisions and
// their target.
type SpendService interface {
	// FindSpendFile returns the buyer's spend file; ENOTFOUND when it has
	// uploaded none.
	FindSpendFile(ctx context.Context, buyer string) (*SpendFile, error)
	// ReplaceSpendFile stores f as the buyer's spend file in place of the
	// previous one: readers see the old or the new file, never a mix.
	ReplaceSpendFile(ctx context.Context, f *SpendFile) error
	// FindSupplierLinks returns the buyer's decisions.
	FindSupplierLinks(ctx context.Context, buyer string) ([]SupplierLink, error)
	// PutSupplierLink stores a decision. Confirming a link drops the other
	// confirmed link of the same name: a name is one supplier. Returns
	// EINVALID for an empty name or company number or another decision,
	// ETOOLARGE for a new decision beyond MaxSupplierLinks.
	PutSupplierLink(ctx context.Context, buyer string, l SupplierLink) error
	// FindSpendTarget returns the buyer's target share in percent (0 when
	// it set none).
	FindSpendTarget(ctx context.Context, buyer string) (float64, error)
	// PutSpendTarget stores the target. Returns EINVALID outside 0…100.
	PutSpendTarget(ctx context.Context, buyer string, percent float64) error
}

// legalForms are the legal forms (rechtsvormen) SupplierKey drops from a
// name, folded as it folds them: Belgian Dutch and French ones and a few
// foreign ones seen on invoices.
var legalForms = map[string]bool{
	"vzw": true, "asbl": true, "ivzw": true, "aisbl": true, "cv": true, "cvba": true, "cvso": true, "scrl": true,
	"sc": true, "scs": true, "bv": true, "bvba": true, "srl": true, "sprl": true, "nv": true, "sa": true,
	"vof": true, "snc": true, "commv": true, "scomm": true, "se": true, "sca": true,
	"esv": true, "ltd": true, "gmbh": true, "vso": true,
	"so": true, "ebvba": true, "sprlu": true, "inc": true, "llc": true, "plc": true, "sarl": true,
}

// SupplierKey folds a supplier's name for linking by name: lower case,
// no accents, punctuation as space, and the legal form dropped wherever
// it stands ("De Kringwinkel vzw", "VZW De Kringwinkel" and "de
// kringwinkel v.z.w." are all "de kringwinkel"). Dotted legal forms
// ("v.z.w.", "b.v.b.a.") are joined before they are dropped.
func SupplierKey(name string) string {
	n := Normalize(name)
	tokens := strings.FieldsFunc(n, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 0x80 || r == '.')
	})
	var words []string
	for _, t := range tokens {
		parts := strings.FieldsFunc(t, func(r rune) bool { return r == '.' })
		short := len(parts) > 1
		for _, p := range parts {
			if len(p) > 2 {
				short = false
			}
		}
		if short {
			words = append(words, strings.Join(parts, ""))
			continue
		}
		words = append(words, parts...)
	}
	out := make([]string, 0, len(words))
	for _, x := range words {
		if !legalForms[x] {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return strings.Join(words, " ") // a name that is only a legal form
	}
	return strings.Join(out, " ")
}

// SpendSupplier is what the analysis knows of an enterprise of the
// directory: its work forms with their validity, and its categories,
// most offered first.
type SpendSupplier struct {
	KBO          KBO
	Name         string
	Recognitions []Recognition
	Categories   []Category
}

// LinkHow says how a purchase was linked to an enterprise of the
// directory.
type LinkHow string

// The ways a purchase is linked.
const (
	LinkedByKBO       LinkHow = "kbo"       // the company number in the file
	LinkedByConfirmed LinkHow = "confirmed" // a name link the buyer confirmed
	NotLinked         LinkHow = ""
)

// SpendLine is a purchase as the analysis reads it: the enterprise it
// went to (nil when none of the directory), and what it counts for.
type SpendLine struct {
	Purchase
	Enterprise *SpendSupplier
	How        LinkHow
	// Social is true when the enterprise had a recognised work form on the
	// purchase's date; Form is that form and Category the category the
	// purchase counts under.
	Social   bool
	Form     WorkForm
	Category Category
}

// SpendSelection picks purchases for the list behind a figure: zero
// fields select everything.
type SpendSelection struct {
	Year     int
	Form     WorkForm
	Category Category
	// Social keeps only purchases from social-economy enterprises.
	Social bool
}

// Matches reports whether the line is selected.
func (s SpendSelection) Matches(l *SpendLine) bool {
	if s.Year != 0 && l.Date.Time().Year() != s.Year {
		return false
	}
	if (s.Social || s.Form != "" || s.Category != "") && !l.Social {
		return false
	}
	if s.Form != "" && l.Form != s.Form {
		return false
	}
	if s.Category != "" && l.Category != s.Category {
		return false
	}
	return true
}

// NoCategory is the key of the figure of social-economy purchases from
// enterprises that list no category.
const NoCategory Category = "zonder-categorie"

// SpendFigure is one line of the analysis: the spend of social-economy
// enterprises (Social) against the whole spend it is a share of (Total),
// in cents, and the purchases behind Social.
type SpendFigure struct {
	Key       string  `json:"key"` // year, work form or category
	Label     string  `json:"label"`
	Total     int64   `json:"total_cents"`
	Social    int64   `json:"social_cents"`
	Share     float64 `json:"share"` // Social / Total, 0 when Total ≤ 0
	Purchases int     `json:"purchases"`
	// Selection selects the purchases behind Social.
	Selection SpendSelection `json:"-"`
}

// SpendAnalysis is the share of a buyer's spend that went to the social
// economy: over the whole file, per year, and for Year (all years when 0)
// per work form and per category, against the buyer's target.
type SpendAnalysis struct {
	Year       int           `json:"year,omitempty"`
	Target     float64       `json:"target_percent"`
	All        SpendFigure   `json:"all"`
	Years      []SpendFigure `json:"years"`
	Forms      []SpendFigure `json:"work_forms"`
	Categories []SpendFigure `json:"categories"`
}

// ClassifyPurchase fills in what a purchase counts for, once its
// enterprise is known: social when a work form of the enterprise was
// valid on its date (the first valid one in the order of WorkForms), and
// the category — the one of the enterprise's categories a CPV code of the
// purchase fits (same class, four digits), else its main category.
func ClassifyPurchase(l *SpendLine) {
	l.Social, l.Form, l.Category = false, "", ""
	e := l.Enterprise
	if e == nil {
		return
	}
	for _, wf := range WorkForms {
		for _, r := range e.Recognitions {
			if r.Form == wf.Form && r.ValidOn(l.Date) {
				l.Social, l.Form = true, wf.Form
				break
			}
		}
		if l.Social {
			break
		}
	}
	if !l.Social {
		return
	}
	l.Category = NoCategory
	if len(e.Categories) > 0 {
		l.Category = e.Categories[0]
	}
	for _, c := range e.Categories {
		info, _ := c.Info()
		for _, p := range l.CPV {
			for _, k := range info.CPV {
				if SharedPrefix(p, k) >= 4 {
					l.Category = c
					return
				}
			}
		}
	}
}

// AnalyzeSpend sums the classified lines: the whole and per year over
// all lines, per work form and per category over the lines of year (all
// when 0). Work forms and categories come in the order of WorkForms and
// Categories, with only those that have spend; years in order.
func AnalyzeSpend(lines []SpendLine, year int, target float64) *SpendAnalysis {
	a := &SpendAnalysis{Year: year, Target: target}
	a.All = SpendFigure{Key: "all", Label: "Alle aankopen", Selection: SpendSelection{Social: true}}
	years := map[int]*SpendFigure{}
	forms := map[WorkForm]*SpendFigure{}
	cats := map[Category]*SpendFigure{}
	var scope SpendFigure
	for i := range lines {
		l := &lines[i]
		add(&a.All, l)
		y := l.Date.Time().Year()
		f := years[y]
		if f == nil {
			f = &SpendFigure{Key: strconv.Itoa(y), Label: strconv.Itoa(y), Selection: SpendSelection{Year: y, Social: true}}
			years[y] = f
		}
		add(f, l)
		if year != 0 && y != year {
			continue
		}
		scope.Total += l.Cents
		if !l.Social {
			continue
		}
		ff := forms[l.Form]
		if ff == nil {
			ff = &SpendFigure{Key: string(l.Form), Label: l.Form.Label(), Selection: SpendSelection{Year: year, Form: l.Form}}
			forms[l.Form] = ff
		}
		add(ff, l)
		cf := cats[l.Category]
		if cf == nil {
			label := l.Category.Label()
			if l.Category == NoCategory {
				label = "Zonder categorie"
			}
			cf = &SpendFigure{Key: string(l.Category), Label: label, Selection: SpendSelection{Year: year, Category: l.Category}}
			cats[l.Category] = cf
		}
		add(cf, l)
	}
	for _, f := range years {
		a.Years = append(a.Years, *f)
	}
	sort.Slice(a.Years, func(i, j int) bool { return a.Years[i].Key < a.Years[j].Key })
	for _, wf := range WorkForms {
		if f := forms[wf.Form]; f != nil {
			a.Forms = append(a.Forms, *f)
		}
	}
	order := make([]Category, 0, len(Categories)+1)
	for _, c := range Categories {
		order = append(order, c.Category)
	}
	for _, c := range append(order, NoCategory) {
		if f := cats[c]; f != nil {
			a.Categories = append(a.Categories, *f)
		}
	}
	// Work forms and categories are shares of the whole spend of the
	// scope, so that they add up to the social share.
	for _, list := range [][]SpendFigure{a.Forms, a.Categories} {
		for i := range list {
			list[i].Total = scope.Total
			list[i].Share = share(list[i].Social, scope.Total)
		}
	}
	return a
}

// add counts a line into a figure: in Total always, in Social when it
// went to the social economy.
func add(f *SpendFigure, l *SpendLine) {
	f.Total += l.Cents
	if l.Social {
		f.Social += l.Cents
		f.Purchases++
	}
	f.Share = share(f.Social, f.Total)
}

func share(part, total int64) float64 {
	if total <= 0 {
		return 0
	}
	return float64(part) / float64(total)
}

// LinkProposal proposes that the supplier named Name in the spend file is
// the enterprise Candidate of the directory: their names are the same
// once SupplierKey has folded them. The buyer confirms or rejects it.
type LinkProposal struct {
	Name      string         `json:"name"` // as first written in the file
	Key       string         `json:"key"`  // SupplierKey of the name
	Candidate *SpendSupplier `json:"candidate"`
	Purchases int            `json:"purchases"`
	Cents     int64          `json:"cents"`
}

// SpendLinks is what LinkSpend needs of the directory: the enterprises
// with a company number of the file, and those whose names (folded by
// SupplierKey) are names of the file.
type SpendLinks struct {
	ByKBO  map[KBO]*SpendSupplier
	ByName map[string][]*SpendSupplier
}

// LinkSpend links each purchase to an enterprise of the directory: by the
// company number in the file, else by a name link the buyer confirmed.
// For the names that are neither, it proposes the enterprises of the same
// name that the buyer did not reject, the most spent first. A company
// number in the file decides: a purchase with one not in the directory
// gets no proposal by name. The lines are classified (ClassifyPurchase).
func LinkSpend(ps []Purchase, dir SpendLinks, decisions []SupplierLink) ([]SpendLine, []LinkProposal) {
	confirmed := map[string]KBO{}
	rejected := map[string]bool{}
	for _, d := range decisions {
		switch d.Decision {
		case LinkConfirmed:
			confirmed[d.Name] = d.KBO
		case LinkRejected:
			rejected[d.Name+"/"+string(d.KBO)] = true
		}
	}
	lines := make([]SpendLine, len(ps))
	proposals := map[string]*LinkProposal{}
	var order []string
	keys := map[string]string{} // name as written → key
	for i, p := range ps {
		l := &lines[i]
		l.Purchase = p
		switch {
		case p.KBO != "":
			if e := dir.ByKBO[p.KBO]; e != nil {
				l.Enterprise, l.How = e, LinkedByKBO
			}
		case p.Supplier != "":
			key, ok := keys[p.Supplier]
			if !ok {
				key = SupplierKey(p.Supplier)
				keys[p.Supplier] = key
			}
			if k, ok := confirmed[key]; ok {
				if e := dir.ByKBO[k]; e != nil {
					l.Enterprise, l.How = e, LinkedByConfirmed
				}
				break
			}
			for _, e := range dir.ByName[key] {
				if rejected[key+"/"+string(e.KBO)] {
					continue
				}
				id := key + "/" + string(e.KBO)
				lp := proposals[id]
				if lp == nil {
					lp = &LinkProposal{Name: p.Supplier, Key: key, Candidate: e}
					proposals[id] = lp
					order = append(order, id)
				}
				lp.Purchases++
				lp.Cents += p.Cents
			}
		}
		ClassifyPurchase(l)
	}
	out := make([]LinkProposal, 0, len(order))
	for _, id := range order {
		out = append(out, *proposals[id])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Cents > out[j].Cents })
	return lines, out
}
