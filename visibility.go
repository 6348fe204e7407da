package koppel

import (
	"strings"
	"unicode/utf8"
)

// Viewer is who reads tenders. SeesTender is the one rule of who sees
// which tender; the server applies it to every route, and the search
// applies the same rule as a filter to its hits, facets, counts and
// suggestions.
type Viewer struct {
	// Admin sees every tender.
	Admin bool
	// Buyer is the buyer account (a buyer token's Buyer) whose drafts the
	// viewer sees; "" for anonymous callers, suppliers and admins.
	Buyer string
}

// SeesTender reports whether v may see t: published, announced and closed tenders are
// public, a draft only for the buyer account that owns it and for admins.
// Someone else's draft does not exist for v: callers answer ENOTFOUND, never
// EFORBIDDEN or ECONFLICT, so that its existence is not public either.
func (v Viewer) SeesTender(t *Tender) bool {
	return t.Status != TenderDraft || v.Admin || v.Buyer != "" && t.Owner == v.Buyer
}

// Limits on the size of one tender. A real tender stays far below them (the
// largest framework agreements have a few dozen lots); they keep the work
// of showing and matching one tender bounded.
const (
	// MaxLots is the most lots a tender may have.
	MaxLots = 200
	// MaxLotDescriptionLines is the most lines a lot's description may
	// have, and MaxLotDescriptionBytes its most bytes.
	MaxLotDescriptionLines = 300
	MaxLotDescriptionBytes = 20000
	// MaxTenderIDLen is the longest tender ID.
	MaxTenderIDLen = 100
)

// checkSize refuses a tender beyond MaxLots or with a lot description
// beyond MaxLotDescriptionLines or MaxLotDescriptionBytes. Returns
// ETOOLARGE with a Dutch message naming the limit.
func (t *Tender) checkSize() error {
	if len(t.Lots) > MaxLots {
		return Errorf(ETOOLARGE, "opdracht %q heeft %d percelen; Koppel aanvaardt er hoogstens %d per opdracht", truncateRunes(t.Title, 80), len(t.Lots), MaxLots).
			WithKey("error.domain_too_many_lots", "Title", truncateRunes(t.Title, 80), "Lots", len(t.Lots), "Max", MaxLots)
	}
	for i := range t.Lots {
		l := &t.Lots[i]
		name := l.ID
		if name == "" {
			name = itoa(i + 1)
		}
		if n := strings.Count(l.Description, "\n") + 1; n > MaxLotDescriptionLines {
			return Errorf(ETOOLARGE, "de omschrijving van perceel %s telt %d regels; hoogstens %d regels per perceel", truncateRunes(name, 40), n, MaxLotDescriptionLines).
				WithKey("error.domain_lot_description_lines", "Lot", truncateRunes(name, 40), "Lines", n, "Max", MaxLotDescriptionLines)
		}
		if len(l.Description) > MaxLotDescriptionBytes {
			return Errorf(ETOOLARGE, "de omschrijving van perceel %s is %d tekens lang; hoogstens %d tekens per perceel", truncateRunes(name, 40), utf8.RuneCountInString(l.Description), MaxLotDescriptionBytes).
				WithKey("error.domain_lot_description_long", "Lot", truncateRunes(name, 40), "Chars", utf8.RuneCountInString(l.Description), "Max", MaxLotDescriptionBytes)
		}
	}
	return nil
}

// ValidTenderID reports whether id may name a tender: 1 to MaxTenderIDLen
// ASCII letters, digits, '-' and '_', starting with a letter or digit. An ID
// is a URL path segment and a storage key: nothing that needs escaping, no
// dots, slashes or control characters.
func ValidTenderID(id string) bool {
	if id == "" || len(id) > MaxTenderIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case (c == '-' || c == '_') && i > 0:
		default:
			return false
		}
	}
	return true
}

// SameOrganisation reports whether two organisation identifiers (a buyer
// token's BuyerID and a notice's BT-501 company ID) name the same
// organisation: equal once spaces, dots, dashes and slashes are dropped and
// letters upper-cased, and for Belgian company numbers with or without "BE"
// and the leading zero ("0207.451.227" = "BE0207451227" = "207451227").
func SameOrganisation(a, b string) bool {
	na, nb := orgKey(a), orgKey(b)
	return na != "" && na == nb
}

func orgKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	k := b.String()
	if kbo, err := ParseKBO(k); err == nil {
		return "KBO" + string(kbo)
	}
	return k
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
