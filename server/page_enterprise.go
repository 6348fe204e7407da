package server

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/i18n"
)

// enterprisePage is what the Onderneming page shows.
type enterprisePage struct {
	E         *koppel.Enterprise
	Forms     []recognitionView
	Share     string // "72 %" or "" when unknown
	Staff     string // "42,5 VTE"
	Offerings []offeringView
	Area      []string // the service area in words
	Map       template.HTML
	// Covered are the Flemish municipalities the service area covers.
	Covered []string
	// Save saves the enterprise in a shortlist (buyers).
	Save *saveForm
}

type recognitionView struct {
	Label, Number, Validity string
	Expired                 bool
	Verified                string // "erkenning geverifieerd (bron, datum)", or ""
}

type offeringView struct {
	*koppel.Offering
	CategoryLabel string
	CPV           []cpvView
	Price         string
	Capacity      string
	Start         string // the start time in the page's language
}

type cpvView struct{ Code, Label string }

func (s *Server) handleEnterprisePage(c *gin.Context) {
	kbo, err := koppel.ParseKBO(c.Param("kbo"))
	if err != nil {
		s.writeError(c, koppel.Errorf(koppel.ENOTFOUND, "%s", koppel.ErrorMessage(err)))
		return
	}
	ctx := c.Request.Context()
	e, err := s.Enterprises.FindEnterpriseByKBO(ctx, kbo)
	if err == nil {
		e, err = s.verifiedEnterprise(ctx, e)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	offs, err := s.Offerings.FindOfferingsByEnterprise(ctx, kbo)
	if err != nil {
		s.writeError(c, err)
		return
	}
	l := lang(c)
	covered := s.coveredMunicipalities(e)
	p := enterprisePage{E: e, Area: areaText(l, e.ServiceArea, e.Address), Map: s.enterpriseMap(l, e, covered)}
	for _, m := range covered {
		p.Covered = append(p.Covered, m.Municipality)
	}
	if p.Save = s.saveFormFor(c, "bewaar", "save.enterprise"); p.Save != nil {
		p.Save.Item = string(e.KBO)
	}
	today := koppel.DateOf(timeNow())
	for _, r := range e.Recognitions {
		v := recognitionView{Label: enumLabel(l, "workform.", string(r.Form), r.Form.Label()), Number: r.Number, Expired: !r.ValidTo.IsZero() && r.ValidTo.Before(today)}
		if r.Verified != nil {
			v.Verified = i18n.T(l, "recognition.verified_badge", "Source", r.Verified.Source, "Date", koppel.DateOf(r.Verified.RegisterAt).Dutch())
		}
		switch {
		case !r.ValidFrom.IsZero() && !r.ValidTo.IsZero():
			v.Validity = i18n.T(l, "recognition.from_to", "From", r.ValidFrom.Dutch(), "To", r.ValidTo.Dutch())
		case !r.ValidTo.IsZero():
			v.Validity = i18n.T(l, "recognition.to", "To", r.ValidTo.Dutch())
		case !r.ValidFrom.IsZero():
			v.Validity = i18n.T(l, "recognition.from", "From", r.ValidFrom.Dutch())
		}
		p.Forms = append(p.Forms, v)
	}
	if e.FTETotal != nil {
		p.Staff = i18n.T(l, "unit.fte", "N", i18n.Number(l, *e.FTETotal, 1))
	}
	if share, ok := e.TargetShare(); ok {
		p.Share = i18n.Percent(l, share)
	}
	for _, o := range offs {
		p.Offerings = append(p.Offerings, s.offeringView(l, o))
	}
	s.render(c, http.StatusOK, "enterprise", e.Name, p)
}

func (s *Server) offeringView(l i18n.Lang, o *koppel.Offering) offeringView {
	v := offeringView{Offering: o, CategoryLabel: enumLabel(l, "category.", string(o.Category), o.Category.Label())}
	for _, code := range o.CPV {
		cv := cpvView{Code: string(code)}
		if s.Reference != nil {
			if entry, ok := s.Reference.CPV(code); ok {
				cv.Code, cv.Label = entry.Full(), cpvLabel(l, entry)
			}
		}
		v.CPV = append(v.CPV, cv)
	}
	if o.Price != nil {
		v.Price = i18n.Euro(l, *o.Price)
		if o.Unit != "" {
			v.Price = pricePerUnit(l, v.Price, o.Unit)
		}
	}
	if o.Capacity > 0 {
		v.Capacity = quantityText(l, o.Capacity, o.Unit)
	}
	if o.LeadTime != "" {
		v.Start = leadTimeText(l, o.LeadTime)
	}
	return v
}

// areaText describes a service area in words, for people.
func areaText(l i18n.Lang, a koppel.ServiceArea, home koppel.Address) []string {
	var out []string
	if a.RadiusKm > 0 {
		where := home.City
		if where == "" {
			where = home.Postcode
		}
		out = append(out, i18n.T(l, "area.radius", "Km", i18n.Number(l, a.RadiusKm, 0), "Where", where))
	}
	if len(a.Municipalities) > 0 {
		out = append(out, i18n.T(l, "area.municipalities", "Names", joinList(l, a.Municipalities)))
	}
	if len(a.Provinces) > 0 {
		out = append(out, i18n.T(l, "area.provinces", "Names", joinList(l, provinceNames(l, a.Provinces))))
	}
	return out
}
