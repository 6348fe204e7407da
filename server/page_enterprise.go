package server

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"koppel"
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
	covered := s.coveredMunicipalities(e)
	p := enterprisePage{E: e, Area: areaText(e.ServiceArea, e.Address), Map: s.enterpriseMap(e, covered)}
	for _, m := range covered {
		p.Covered = append(p.Covered, m.Municipality)
	}
	if p.Save = s.saveFormFor(c, "bewaar", "Bewaar deze onderneming"); p.Save != nil {
		p.Save.Item = string(e.KBO)
	}
	today := koppel.DateOf(timeNow())
	for _, r := range e.Recognitions {
		v := recognitionView{Label: r.Form.Label(), Number: r.Number, Expired: !r.ValidTo.IsZero() && r.ValidTo.Before(today)}
		if r.Verified != nil {
			v.Verified = r.Verified.Badge()
		}
		switch {
		case !r.ValidFrom.IsZero() && !r.ValidTo.IsZero():
			v.Validity = "van " + r.ValidFrom.Dutch() + " tot " + r.ValidTo.Dutch()
		case !r.ValidTo.IsZero():
			v.Validity = "tot " + r.ValidTo.Dutch()
		case !r.ValidFrom.IsZero():
			v.Validity = "sinds " + r.ValidFrom.Dutch()
		}
		p.Forms = append(p.Forms, v)
	}
	if e.FTETotal != nil {
		p.Staff = dutchNum(*e.FTETotal, 1) + " VTE"
	}
	if share, ok := e.TargetShare(); ok {
		p.Share = dutchNum(share*100, 0) + " %"
	}
	for _, o := range offs {
		p.Offerings = append(p.Offerings, s.offeringView(o))
	}
	s.render(c, http.StatusOK, "enterprise", e.Name, p)
}

func (s *Server) offeringView(o *koppel.Offering) offeringView {
	v := offeringView{Offering: o, CategoryLabel: o.Category.Label()}
	for _, code := range o.CPV {
		cv := cpvView{Code: string(code)}
		if s.Reference != nil {
			if entry, ok := s.Reference.CPV(code); ok {
				cv.Code, cv.Label = entry.Full(), entry.NL
			}
		}
		v.CPV = append(v.CPV, cv)
	}
	if o.Price != nil {
		v.Price = euro(*o.Price)
		if o.Unit != "" {
			v.Price += " per " + o.Unit
		}
	}
	if o.Capacity > 0 {
		v.Capacity = dutchNum(o.Capacity, 1) + " " + o.Unit
	}
	return v
}

// areaText describes a service area in words, for people.
func areaText(a koppel.ServiceArea, home koppel.Address) []string {
	var out []string
	if a.RadiusKm > 0 {
		where := home.City
		if where == "" {
			where = home.Postcode
		}
		out = append(out, "tot "+dutchNum(a.RadiusKm, 0)+" km rond "+where)
	}
	if len(a.Municipalities) > 0 {
		out = append(out, "gemeenten: "+joinDutch(a.Municipalities))
	}
	if len(a.Provinces) > 0 {
		out = append(out, "provincies: "+joinDutch(a.Provinces))
	}
	return out
}
