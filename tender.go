package koppel

import (
	"context"
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
}

// Validate checks the tender, fills in the places of its lots and sets
// defaults (status draft, lot IDs). ref may be nil to check the form only.
// Returns EINVALID naming the lot and field, or for an ID that is not
// ValidTenderID; ETOOLARGE beyond MaxLots or the limits of a lot's
// description.
func (t *Tender) Validate(ref Reference) error {
	t.Title = strings.TrimSpace(t.Title)
	if t.Title == "" {
		return Errorf(EINVALID, "titel van de opdracht ontbreekt")
	}
	if strings.TrimSpace(t.Buyer.Name) == "" {
		return Errorf(EINVALID, "naam van de aanbestedende overheid ontbreekt")
	}
	switch t.Status {
	case "":
		t.Status = TenderDraft
	case TenderDraft, TenderPublished, TenderClosed, TenderAnnounced:
	default:
		return Errorf(EINVALID, "status %q is ongeldig: draft, published, announced of closed", t.Status)
	}
	if t.Language != "" {
		l, ok := ParseLanguage(t.Language)
		if !ok {
			return Errorf(EINVALID, "taal %q wordt niet ondersteund: kies nl, fr, en of de", t.Language)
		}
		t.Language = l
	}
	if len(t.Lots) == 0 {
		return Errorf(EINVALID, "opdracht %q heeft geen percelen", t.Title)
	}
	if t.ID != "" && !ValidTenderID(t.ID) {
		return Errorf(EINVALID, "het id van een opdracht bestaat uit hoogstens %d letters, cijfers, '-' en '_' (zonder spaties, punten of schuine strepen)", MaxTenderIDLen)
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
			return Errorf(EINVALID, "perceel %q komt twee keer voor", l.ID)
		}
		seen[l.ID] = true
		if err := l.validate(ref); err != nil {
			return Errorf(EINVALID, "perceel %s: %s", l.ID, ErrorMessage(err))
		}
	}
	return nil
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

func (l *Lot) validate(ref Reference) error {
	l.Title = strings.TrimSpace(l.Title)
	if l.Title == "" {
		return Errorf(EINVALID, "titel ontbreekt")
	}
	for i, c := range l.CPV {
		if ref != nil {
			v, err := ValidateCPV(ref, string(c))
			if err != nil {
				return err
			}
			l.CPV[i] = v
		} else if _, _, err := ParseCPV(string(c)); err != nil {
			return err
		}
	}
	if l.Postcode != "" && ref != nil {
		p, ok := ref.Postcode(strings.TrimSpace(l.Postcode))
		if !ok {
			return Errorf(EINVALID, "postcode %q is geen Belgische postcode", l.Postcode)
		}
		l.Postcode, l.Place = p.Postcode, &p
		if l.City == "" {
			l.City = p.Name
		}
	}
	if !l.Start.IsZero() && !l.End.IsZero() && l.End.Before(l.Start) {
		return Errorf(EINVALID, "einddatum %s ligt voor de begindatum %s", l.End.Dutch(), l.Start.Dutch())
	}
	if l.Value < 0 || l.VolumeFTE < 0 {
		return Errorf(EINVALID, "waarde en volume mogen niet negatief zijn")
	}
	for _, c := range l.Clauses {
		if _, ok := c.Kind.Info(); !ok {
			return Errorf(EINVALID, "onbekende sociale clausule %q", c.Kind)
		}
	}
	return nil
}

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
