package eforms

import (
	"fmt"
	"strings"

	"koppel"
)

// noticeKind says whether a notice type (BT-02) announces a tender one can
// bid on and, if not, how to explain that.
type noticeKind struct {
	tender bool
	// announces is true for the prior information notices Koppel keeps
	// as announced (koppel.TenderAnnounced) when they announce a reserved
	// lot; others of the kind are refused.
	announces bool
	reason    string // refusal reason for the others
	nl, en    string // what the notice is, as in "Dit is een …"
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
	"pin-only": {announces: true, reason: "planning", nl: "vooraankondiging die alleen informeert", en: "prior information notice for information only"},
	"pin-buyer": {reason: "planning", nl: "vooraankondiging die een kopersprofiel bekendmaakt",
		en: "prior information notice announcing a buyer profile"},
	"pin-rtl": {announces: true, reason: "planning", nl: "vooraankondiging om de termijnen in te korten",
		en: "prior information notice used to shorten time limits"},
	"pin-tran": {reason: "planning", nl: "vooraankondiging voor openbaar personenvervoer (Verordening 1370/2007)",
		en: "prior information notice for public passenger transport (Regulation 1370/2007)"},
	"pmc": {reason: "consultation", nl: "aankondiging van een voorafgaande marktconsultatie", en: "pre-market consultation notice"},

	// Results and what follows them.
	"can-standard": {reason: "award", nl: "aankondiging van gegunde opdracht", en: "contract award notice"},
	"can-social":   {reason: "award", nl: "aankondiging van gegunde opdracht (sociale en andere specifieke diensten)", en: "contract award notice (social and other specific services)"},
	"can-desg":     {reason: "award", nl: "aankondiging van de resultaten van een prijsvraag", en: "design contest result notice"},
	"can-tran":     {reason: "award", nl: "aankondiging van gegunde opdracht voor openbaar personenvervoer", en: "contract award notice for public passenger transport"},
	"veat": {reason: "direct-award", nl: "aankondiging voor vrijwillige transparantie vooraf (de overheid wil de opdracht rechtstreeks gunnen)",
		en: "voluntary ex-ante transparency notice (the buyer intends to award the contract directly)"},
	"can-modif": {reason: "modification", nl: "aankondiging van een wijziging van een lopende opdracht", en: "contract modification notice"},
	"compl":     {reason: "completion", nl: "aankondiging van de voltooiing van een opdracht", en: "contract completion notice"},

	// Not procurement at all.
	"brin-eeig": {reason: "registration", nl: "bekendmaking van een Europees economisch samenwerkingsverband (EESV)", en: "European economic interest grouping notice"},
	"brin-ecs":  {reason: "registration", nl: "bekendmaking van een Europese vennootschap of coöperatie", en: "European company or cooperative society notice"},
}

// checkType refuses a notice type that is not a call for competition.
func (r *reader) checkType(t string) error {
	r.n.NoticeType = t
	if t == "" {
		return refuse(koppel.EINVALID, "no-type", "",
			"Het soort aankondiging (cbc:NoticeTypeCode, BT-02) ontbreekt: Koppel kan niet nagaan of dit een oproep tot mededinging is.",
			"The notice type (cbc:NoticeTypeCode, BT-02) is missing: Koppel cannot tell whether this is a call for competition.")
	}
	k, ok := kinds[t]
	if !ok {
		return refuse(koppel.EINVALID, "unknown-type", t,
			fmt.Sprintf("Onbekend soort aankondiging %q (BT-02): Koppel importeert alleen aankondigingen van opdrachten en vooraankondigingen met oproep tot mededinging.", t),
			fmt.Sprintf("Unknown notice type %q (BT-02): Koppel only imports contract notices and prior information notices calling for competition.", t))
	}
	if k.tender {
		return nil
	}
	if awardNotice(t) {
		r.award = true
		return nil
	}
	nl := fmt.Sprintf("Dit is een %s (%s), geen oproep tot mededinging: Koppel importeert alleen aankondigingen van opdrachten en vooraankondigingen met oproep tot mededinging.", k.nl, t)
	en := fmt.Sprintf("This is a %s (%s), not a call for competition: Koppel only imports contract notices and prior information notices calling for competition.", k.en, t)
	switch k.reason {
	case "registration":
		nl = fmt.Sprintf("Dit is een %s (%s), geen overheidsopdracht: Koppel importeert alleen aankondigingen van opdrachten.", k.nl, t)
		en = fmt.Sprintf("This is a %s (%s), not public procurement: Koppel only imports contract notices.", k.en, t)
	case "planning", "consultation":
		nl = strings.TrimSuffix(nl, ".") + ". Importeer de aankondiging van de opdracht zodra die verschijnt."
		en = strings.TrimSuffix(en, ".") + ". Import the contract notice once it is published."
	}
	if k.announces {
		// Kept when a lot is reserved (see build); refused otherwise.
		r.announce = refuse(koppel.EINVALID, k.reason, t,
			nl+" Een vooraankondiging van een voorbehouden perceel (BT-71 res-ws of res-pub-ser) houdt Koppel bij als aangekondigd.",
			en+" A prior information notice of a reserved lot (BT-71 res-ws or res-pub-ser) is kept as announced.")
		return nil
	}
	return refuse(koppel.EINVALID, k.reason, t, nl, en)
}
