package koppel

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// TenderStatus is the publication state of a tender.
type TenderStatus string

// Tender states. Draft tenders are seen only by their buyer and admins.
const (
	TenderDraft     TenderStatus = "draft"
	TenderPublished TenderStatus = "published"
	TenderClosed    TenderStatus = "closed"
	// TenderAnnounced is a prior information notice that announces reserved
	// lots (aangekondigd): visible, but not yet a call one can bid on, so
	// never matched as an open call.
	TenderAnnounced TenderStatus = "announced"
)

// Tender is a public contract (opdracht) of a school, municipality or other
// buyer, with one or more lots.
type Tender struct {
	ID          string       `json:"id"`
	Buyer       Buyer        `json:"buyer"`
	Title       string       `json:"title"`
	Description string       `json:"description,omitempty"`
	Lots        []Lot        `json:"lots"`
	Deadline    Date         `json:"deadline"`
	Status      TenderStatus `json:"status"`
	Source      TenderSource `json:"source"`
	// Language is the language its texts are written in (nl, fr, en, de;
	// empty: Dutch): matching analyses the lot texts in it. Validate
	// accepts the codes and names ParseLanguage reads.
	Language string `json:"language,omitempty"`
	// Owner is the buyer account that manages the tender (the token's buyer
	// name); empty for tenders an admin imported.
	Owner     string    `json:"owner,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Buyer is the contracting authority (aanbestedende overheid).
type Buyer struct {
	Name      string `json:"name"`
	LegalType string `json:"legal_type,omitempty"` // eForms buyer-legal-type, e.g. la (local authority)
	Postcode  string `json:"postcode,omitempty"`
	City      string `json:"city,omitempty"`
}

// TenderSource says where a tender came from.
type TenderSource struct {
	Kind     string `json:"kind"` // form, xlsx, eforms
	NoticeID string `json:"notice_id,omitempty"`
	Version  string `json:"version,omitempty"`
	File     string `json:"file,omitempty"`
	// Notices are the other notice IDs of the procedure this tender's
	// stored notice supersedes: the notice a change notice changes
	// (BT-758) and every older notice merged into the tender. The store
	// finds the tender by each of them, so that an older notice imported
	// later never makes a second tender.
	Notices []string `json:"notices,omitempty"`
	// Procedure is the procedure identifier of an eForms notice (BT-04),
	// shared by every notice of one procedure: an award notice finds the
	// tender it closes by it (see Outcome).
	Procedure string `json:"procedure,omitempty"`
}

// Expired reports whether t is published and its deadline lies before
// today: it is closed for bids, and the server closes it (status closed).
func (t *Tender) Expired(today Date) bool {
	return t.Status == TenderPublished && !t.Deadline.IsZero() && t.Deadline.Before(today)
}

// NoticeIDs returns NoticeID and Notices without repeats and empty IDs.
func (s TenderSource) NoticeIDs() []string {
	var ids []string
	for _, id := range append([]string{s.NoticeID}, s.Notices...) {
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// Supersedes reports whether the notice of s is newer than the notice of
// o: the same notice ID with a higher version (VersionID, "01", "02", …),
// or another notice whose ID s names in Notices (s changes it, directly or
// through a change merged before). Unrelated notices are not compared:
// false.
func (s TenderSource) Supersedes(o TenderSource) bool {
	if s.NoticeID == "" || o.NoticeID == "" {
		return false
	}
	if s.NoticeID == o.NoticeID {
		return olderVersion(o.Version, s.Version)
	}
	return slices.Contains(s.Notices, o.NoticeID)
}

// olderVersion compares eForms notice versions ("01", "02", …).
func olderVersion(v, than string) bool {
	if len(v) != len(than) {
		return len(v) < len(than)
	}
	return v < than
}

// Lot is one part of a tender (perceel).
type Lot struct {
	ID          string  `json:"id"` // e.g. LOT-0001 or 1
	Title       string  `json:"title"`
	Description string  `json:"description,omitempty"`
	CPV         []CPV   `json:"cpv"`
	Postcode    string  `json:"postcode,omitempty"` // place of performance
	City        string  `json:"city,omitempty"`
	NUTS        string  `json:"nuts,omitempty"`
	Place       *Place  `json:"place,omitempty"` // filled in from Postcode
	Value       float64 `json:"value,omitempty"` // estimated value, EUR excl. VAT
	Start       Date    `json:"start"`
	End         Date    `json:"end"`
	// VolumeFTE is the required capacity in full-time equivalents.
	VolumeFTE float64  `json:"volume_fte,omitempty"`
	Clauses   []Clause `json:"clauses,omitempty"`
	// SocialSignals are the words of a notice's texts, in any language,
	// that ask for social commitments ("sociale clausule", "marché
	// réservé", "sheltered workshop" …): the lot is "mogelijk sociaal",
	// whatever its eForms social fields say. Set by the eForms reader.
	SocialSignals []string `json:"social_signals,omitempty"`
	// TargetGroups are the buyer's wish: enterprises that work with these
	// target groups (doelgroepen) rank higher in matching; a wish, not a
	// condition (see match.Weights).
	TargetGroups []TargetGroup `json:"target_groups,omitempty"`
}

// Validate checks the tender, fills in the places of its lots and sets
// defaults (status draft, lot IDs). ref may be nil to check the form only.
// It checks every field, not only up to the first problem: the EINVALID
// error it returns carries a FieldErrorList with each field's problem (also
// an ID that is not ValidTenderID), and its message joins them, a lot's
// prefixed with "perceel ID: ". Returns ETOOLARGE, before looking at the
// lots, beyond MaxLots or the limits of a lot's description.
func (t *Tender) Validate(ref Reference) error {
	var fe FieldErrorList
	t.Title = strings.TrimSpace(t.Title)
	if t.Title == "" {
		fe.addKey("title", "", "titel van de opdracht ontbreekt", "error.tender_title_missing")
	}
	if strings.TrimSpace(t.Buyer.Name) == "" {
		fe.addKey("buyer.name", "", "naam van de aanbestedende overheid ontbreekt", "error.tender_buyer_missing")
	}
	switch t.Status {
	case "":
		t.Status = TenderDraft
	case TenderDraft, TenderPublished, TenderClosed, TenderAnnounced, TenderWithdrawn:
	default:
		fe.addKey("status", "", fmt.Sprintf("status %q is ongeldig: draft, published, announced, closed of withdrawn", t.Status), "error.domain_tender_status", "Value", string(t.Status))
	}
	if t.Language != "" {
		if l, ok := ParseLanguage(t.Language); ok {
			t.Language = l
		} else {
			fe.addKey("language", "", fmt.Sprintf("taal %q wordt niet ondersteund: kies nl, fr, en of de", t.Language), "error.domain_tender_language", "Value", t.Language, "Choices", "nl, fr, en", "Last", "de")
		}
	}
	if len(t.Lots) == 0 {
		fe.addKey("lots", "", fmt.Sprintf("opdracht %q heeft geen percelen", t.Title), "error.tender_no_lots", "Title", t.Title)
	}
	if t.ID != "" && !ValidTenderID(t.ID) {
		fe.addKey("id", "", fmt.Sprintf("het id van een opdracht bestaat uit hoogstens %d letters, cijfers, '-' en '_' (zonder spaties, punten of schuine strepen)", MaxTenderIDLen), "error.domain_tender_id", "Max", MaxTenderIDLen)
	}
	if err := t.checkSize(); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i := range t.Lots {
		l := &t.Lots[i]
		if l.ID == "" {
			l.ID = itoa(i + 1)
		}
		if seen[l.ID] {
			fe.addKey(LotField(i, "id"), "", fmt.Sprintf("perceel %q komt twee keer voor", l.ID), "error.lot_twice", "Lot", l.ID)
		}
		seen[l.ID] = true
		l.validate(ref, i, &fe)
	}
	return fe.asError()
}

// PerformancePlace returns the place of performance of the lot: the one
// validation filled in, or the one of its postcode.
func (l *Lot) PerformancePlace(places Places) (Place, bool) {
	if l.Place != nil {
		return *l.Place, true
	}
	if places == nil || l.Postcode == "" {
		return Place{}, false
	}
	return places.Postcode(l.Postcode)
}

// validate adds the problems of lot i's fields to fe.
func (l *Lot) validate(ref Reference, i int, fe *FieldErrorList) {
	add := func(name, msg, key string, args ...any) { fe.addKey(LotField(i, name), l.ID, msg, key, args...) }
	l.Title = strings.TrimSpace(l.Title)
	if l.Title == "" {
		add("title", "titel ontbreekt", "error.lot_title_missing")
	}
	for j, c := range l.CPV {
		if ref != nil {
			v, err := ValidateCPV(ref, string(c))
			if err != nil {
				fe.addErr(LotField(i, "cpv"), l.ID, err)
				continue
			}
			l.CPV[j] = v
		} else if _, _, err := ParseCPV(string(c)); err != nil {
			fe.addErr(LotField(i, "cpv"), l.ID, err)
		}
	}
	if l.Postcode != "" && ref != nil {
		if p, ok := ref.Postcode(strings.TrimSpace(l.Postcode)); ok {
			l.Postcode, l.Place = p.Postcode, &p
			if l.City == "" {
				l.City = p.Name
			}
		} else {
			add("postcode", fmt.Sprintf("postcode %q is geen Belgische postcode", l.Postcode), "error.postcode_unknown", "Value", l.Postcode)
		}
	}
	if !l.Start.IsZero() && !l.End.IsZero() && l.End.Before(l.Start) {
		add("end", fmt.Sprintf("einddatum %s ligt voor de begindatum %s", l.End.Dutch(), l.Start.Dutch()), "error.end_before_start", "End", l.End.Dutch(), "Start", l.Start.Dutch())
	}
	if !validAmount(l.Value) {
		add("value", "de waarde moet een getal zijn, niet negatief", "error.value_not_amount")
	}
	if !validAmount(l.VolumeFTE) {
		add("volume_fte", "het volume moet een getal zijn, niet negatief", "error.volume_not_number")
	}
	for _, c := range l.Clauses {
		if _, ok := c.Kind.Info(); !ok {
			add("clauses", fmt.Sprintf("onbekende sociale clausule %q", c.Kind), "error.clause_unknown", "Value", string(c.Kind))
		}
	}
	if gs, err := CleanTargetGroups(l.TargetGroups); err != nil {
		fe.addErr(LotField(i, "target_groups"), l.ID, err)
	} else {
		l.TargetGroups = gs
	}
}

// validAmount reports whether f is a number of 0 or more: not negative,
// not NaN or infinite (which a form's "NaN" or "Inf" would give, and which
// JSON cannot hold).
func validAmount(f float64) bool { return f >= 0 && !math.IsInf(f, 1) }

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for ; i > 0; i /= 10 {
		n--
		b[n] = byte('0' + i%10)
	}
	return string(b[n:])
}

// TenderFilter selects tenders in FindTenders.
type TenderFilter struct {
	Status TenderStatus // "" for all
	Owner  string       // only this buyer's tenders, "" for all
	Offset int
	Limit  int // 0: the default page size
}

// TenderService reads and writes tenders. Every write also queues the change
// for the search index in the same transaction.
type TenderService interface {
	// FindTenderByID returns ENOTFOUND if the tender does not exist.
	FindTenderByID(ctx context.Context, id string) (*Tender, error)
	// FindTenderByNotice returns ENOTFOUND if no tender has the notice ID.
	FindTenderByNotice(ctx context.Context, noticeID string) (*Tender, error)
	// FindTenders returns a page of tenders and the total count.
	FindTenders(ctx context.Context, f TenderFilter) ([]*Tender, int, error)
	// PutTender creates or replaces a tender.
	PutTender(ctx context.Context, t *Tender) error
	// DeleteTender returns ENOTFOUND if the tender does not exist.
	DeleteTender(ctx context.Context, id string) error
}
