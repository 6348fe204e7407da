package server

import (
	"strings"

	"koppel/i18n"
	"koppel/refdata"
)

// codeLabels is implemented by *refdata.Data: the eForms code lists.
type codeLabels interface {
	Code(list, code string) (refdata.Code, bool)
}

// objectiveLabel is how a page shows the social objectives an eForms
// notice gives a lot (koppel.Clause.Objective): "Sociale doelstelling: "
// and the Dutch labels of the BT-775 codes from the eForms code list
// social-objective (English, else the code, when it has none).
func (s *Server) objectiveLabel(l i18n.Lang, codes []string) string {
	if len(codes) == 0 {
		return i18n.T(l, "clause.objective")
	}
	cl, _ := s.Reference.(codeLabels)
	labels := make([]string, 0, len(codes))
	for _, code := range codes {
		label := code
		if cl != nil {
			if c, ok := cl.Code(refdata.ListSocialObjective, code); ok {
				label = codeLabel(l, c.NL, c.FR, c.EN, code)
			}
		}
		labels = append(labels, label)
	}
	return i18n.T(l, "clause.objective_with", "Labels", strings.Join(labels, i18n.T(l, "display.semicolon")))
}
