package koppel

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of a shortlist: enough for a market consultation, small enough
// that a list is read, shown and exported whole.
const (
	MaxShortlists       = 200 // lists of one owner
	MaxShortlistItems   = 500 // entries of one list
	MaxShortlistNameLen = 120 // characters
)

// Shortlist is a named list of enterprises (or single offerings) that a
// buyer keeps ("Schoonmaak campus Noord 2027"): for the procurement file,
// which enterprises were considered for a lot, why, and which were
// invited. Its owner sees and changes it; anyone with its share link may
// read it.
type Shortlist struct {
	ID string `json:"id"`
	// Owner is the buyer organisation of the token that made it (the
	// buyers of one organisation share their lists, as their tenders), or
	// "admin:" and the token's ID for an admin.
	Owner string          `json:"owner"`
	Name  string          `json:"name"`
	Items []ShortlistItem `json:"items"`
	// Share is the secret of the read-only link; empty when the list is
	// not shared. Only its owner sees it.
	Share     string    `json:"share,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ShortlistItem is one enterprise on a list, or one of its offerings.
type ShortlistItem struct {
	// ID names the entry in its list.
	ID   string `json:"id"`
	KBO  KBO    `json:"kbo"`
	Name string `json:"name"` // the enterprise's name when it was saved
	// Offering is the code of a single offering saved; empty for the
	// whole enterprise.
	Offering      string `json:"offering,omitempty"`
	OfferingTitle string `json:"offering_title,omitempty"`
	// Lot is set when the enterprise was saved from the matches of a lot:
	// the lot, the explanation and the verdict as they were then.
	Lot     *ShortlistLot `json:"lot,omitempty"`
	AddedAt time.Time     `json:"added_at"`
	// Invited marks an enterprise of a lot's list as invited
	// ("uitgenodigd") to bid, on InvitedOn.
	Invited   bool `json:"invited"`
	InvitedOn Date `json:"invited_on"`
}

// ShortlistLot is what a match of a lot said when it was saved.
type ShortlistLot struct {
	TenderID    string             `json:"tender_id"`
	TenderTitle string             `json:"tender_title"`
	LotID       string             `json:"lot_id"`
	LotTitle    string             `json:"lot_title"`
	Rank        int                `json:"rank"`
	Score       float64            `json:"score"`
	Parts       map[string]float64 `json:"parts,omitempty"`
	Explanation string             `json:"explanation"`
	Verdict     Eligibility        `json:"verdict"`
	Rule        string             `json:"rule,omitempty"`
	Reason      string             `json:"reason,omitempty"`
	LegalBasis  string             `json:"legal_basis,omitempty"`
}

// Same reports whether it and o name the same entry: the same enterprise,
// offering and lot.
func (it *ShortlistItem) Same(o *ShortlistItem) bool {
	if it.KBO != o.KBO || it.Offering != o.Offering || (it.Lot == nil) != (o.Lot == nil) {
		return false
	}
	return it.Lot == nil || it.Lot.TenderID == o.Lot.TenderID && it.Lot.LotID == o.Lot.LotID
}

// CleanShortlistName trims a list's name and checks it. Returns EINVALID
// for an empty or too long name.
func CleanShortlistName(name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "":
		return "", Errorf(EINVALID, "geef de lijst een naam, bv. Schoonmaak campus Noord 2027").WithKey("error.shortlist_name_missing")
	case utf8.RuneCountInString(name) > MaxShortlistNameLen:
		return "", Errorf(EINVALID, "de naam van de lijst is te lang (max. %d tekens)", MaxShortlistNameLen).WithKey("error.shortlist_name_long", "Max", MaxShortlistNameLen)
	}
	return name, nil
}

// Validate checks a list before it is stored. Returns EINVALID.
func (l *Shortlist) Validate() error {
	name, err := CleanShortlistName(l.Name)
	if err != nil {
		return err
	}
	l.Name = name
	if l.Owner == "" {
		return Errorf(EINVALID, "de lijst heeft geen eigenaar").WithKey("error.domain_shortlist_owner")
	}
	if len(l.Items) > MaxShortlistItems {
		return Errorf(EINVALID, "een lijst houdt ten hoogste %d ondernemingen of diensten", MaxShortlistItems).WithKey("error.shortlist_full", "Max", MaxShortlistItems)
	}
	for i := range l.Items {
		it := &l.Items[i]
		if _, err := ParseKBO(string(it.KBO)); err != nil {
			return err
		}
		if it.Invited && it.Lot == nil {
			return Errorf(EINVALID, "alleen een onderneming die u bij een perceel bewaarde, kan uitgenodigd zijn").WithKey("error.domain_shortlist_invited")
		}
	}
	return nil
}

// ShortlistService stores shortlists.
type ShortlistService interface {
	// FindShortlistByID returns ENOTFOUND if no list has the ID.
	FindShortlistByID(ctx context.Context, id string) (*Shortlist, error)
	// FindShortlistByShare returns the list shared with the secret;
	// ENOTFOUND when none is (or its sharing was revoked).
	FindShortlistByShare(ctx context.Context, secret string) (*Shortlist, error)
	// FindShortlists returns the owner's lists, newest change first.
	FindShortlists(ctx context.Context, owner string) ([]*Shortlist, error)
	// PutShortlist creates or replaces a list (validated by the caller),
	// keeping the share link's lookup in step. Returns EINVALID for a list
	// without ID or owner, ECONFLICT when the owner has MaxShortlists
	// lists already.
	PutShortlist(ctx context.Context, l *Shortlist) error
	// UpdateShortlist changes the list with fn in one transaction and
	// returns it as stored (its ID and owner never change). Returns
	// ENOTFOUND if no list has the ID, and fn's error.
	UpdateShortlist(ctx context.Context, id string, fn func(*Shortlist) error) (*Shortlist, error)
	// DeleteShortlist removes a list and its share link. Returns
	// ENOTFOUND if no list has the ID.
	DeleteShortlist(ctx context.Context, id string) error
}
