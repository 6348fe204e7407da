package refdata

import (
	"fmt"
	"slices"

	"koppel"
)

// Code is one entry of an eForms code list, with its labels in English,
// Dutch and French. For the NUTS list the three labels are the official
// region name, which is not translated.
type Code struct {
	List string `json:"list"`
	Code string `json:"code"`
	EN   string `json:"en"`
	NL   string `json:"nl"`
	FR   string `json:"fr"`
}

type codeKey struct{ list, code string }

// The names of the code lists, as in the eForms SDK.
const (
	ListReservedProcurement  = "reserved-procurement"             // BT-71
	ListReservedExecution    = "applicability_reserved-execution" // BT-736
	ListStrategicProcurement = "strategic-procurement"            // BT-06
	ListSocialObjective      = "social-objective"                 // BT-775
	ListSocialServiceCPV     = "cpv_social-service-cpv"
	ListBuyerLegalType       = "buyer-legal-type"
	ListNUTS3                = "nuts-bel-lvl3" // Belgian NUTS3 regions (arrondissements)
)

func (d *Data) loadCodelists(rows [][]string) error {
	d.lists = map[string][]Code{}
	d.codes = make(map[codeKey]Code, len(rows))
	d.social = map[koppel.CPV]bool{}
	for _, r := range rows {
		c := Code{List: r[0], Code: r[1], EN: r[2], NL: r[3], FR: r[4]}
		k := codeKey{c.List, c.Code}
		if _, dup := d.codes[k]; dup || c.Code == "" {
			return fmt.Errorf("code list %s: code %q empty or repeated", c.List, c.Code)
		}
		d.codes[k] = c
		d.lists[c.List] = append(d.lists[c.List], c)
		if c.List == ListSocialServiceCPV {
			cpv, _, err := koppel.ParseCPV(c.Code)
			if err != nil {
				return fmt.Errorf("code list %s: %w", c.List, err)
			}
			d.social[cpv] = true
		}
	}
	return nil
}

// Codelist returns the codes of an eForms code list by its SDK name (see the
// List constants, e.g. "reserved-procurement"), in the SDK's order, or nil
// for an unknown list.
func (d *Data) Codelist(list string) []Code { return slices.Clone(d.lists[list]) }

// Code returns one code of an eForms code list: Code("social-objective",
// "opp") is "Werkgelegenheidskansen voor langdurig werklozen, ...".
func (d *Data) Code(list, code string) (Code, bool) {
	c, ok := d.codes[codeKey{list, code}]
	return c, ok
}

// IsSocialServiceCPV reports whether c is in the eForms list of social and
// other specific services (Directive 2014/24 Annex XIV), the only codes for
// which participation may be reserved to public-service-mission
// organisations (BT-71 res-pub-ser). The list names exact codes: a child of
// a listed code is not itself listed.
func (d *Data) IsSocialServiceCPV(c koppel.CPV) bool { return d.social[c] }
