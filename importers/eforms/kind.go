package eforms

import (
	"strings"

	"koppel"
	"koppel/i18n"
)

// noticeKind says whether a notice type (BT-02) announces a tender one can
// bid on and, if not, how to explain that.
type noticeKind struct {
	tender bool
	// announces is true for the prior information notices Koppel keeps
	// as announced (koppel.TenderAnnounced) when they announce a reserved
	// lot; others of the kind are refused.
	announces bool
	reason    string // refusal reason for the others (what the notice is: imports.notice_kind.*)
}

// kinds maps every notice type of the eForms SDK 1.x code list
// notice-type to its kind.
var kinds = map[string]noticeKind{
	// Calls for competition.
	"cn-standard":      {tender: true},
	"cn-social":        {tender: true},
	"cn-desg":          {tender: true},
	"pin-cfc-standard": {tender: true},
	"pin-cfc-social":   {tender: true},
	"qu-sy":            {tender: true},
	"subco":            {tender: true},

	// Planning: a tender may follow, but one cannot bid yet.
	"pin-only":  {announces: true, reason: "planning"},
	"pin-buyer": {reason: "planning"},
	"pin-rtl":   {announces: true, reason: "planning"},
	"pin-tran":  {reason: "planning"},
	"pmc":       {reason: "consultation"},

	// Results and what follows them.
	"can-standard": {reason: "award"},
	"can-social":   {reason: "award"},
	"can-desg":     {reason: "award"},
	"can-tran":     {reason: "award"},
	"veat":         {reason: "direct-award"},
	"can-modif":    {reason: "modification"},
	"compl":        {reason: "completion"},

	// Not procurement at all.
	"brin-eeig": {reason: "registration"},
	"brin-ecs":  {reason: "registration"},
}

// checkType refuses a notice type that is not a call for competition.
func (r *reader) checkType(t string) error {
	r.n.NoticeType = t
	if t == "" {
		return Refuse(koppel.EINVALID, "no-type", "", "imports.notice_no_type")
	}
	k, ok := kinds[t]
	if !ok {
		return Refuse(koppel.EINVALID, "unknown-type", t, "imports.notice_unknown_type", "Type", t)
	}
	if k.tender {
		return nil
	}
	if awardNotice(t) {
		r.award = true
		return nil
	}
	key := "imports.notice_not_call"
	switch {
	case k.reason == "registration":
		key = "imports.notice_not_procurement"
	case k.announces:
		// Kept when a lot is reserved (see build); refused otherwise.
		r.announce = Refuse(koppel.EINVALID, k.reason, t, "imports.notice_not_call_announced", "What", kindName(t), "Type", t)
		return nil
	case k.reason == "planning" || k.reason == "consultation":
		key = "imports.notice_not_call_later"
	}
	return Refuse(koppel.EINVALID, k.reason, t, key, "What", kindName(t), "Type", t)
}

// kindName says what a notice of type t is ("aankondiging van gegunde
// opdracht"), in the reader's language.
func kindName(t string) i18n.Localized {
	return func(l i18n.Lang) string { return i18n.T(l, "imports.notice_kind."+strings.ReplaceAll(t, "-", "_")) }
}
