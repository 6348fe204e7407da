package server

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
)

func (s *Server) internshipPageRoutes() []route {
	return withInternships(s, []route{
		{Method: "GET", Path: "/stages", Summary: "Internship places page: the open places near a place or an enterprise", Page: true, Rate: rateSearch, Handler: s.handleInternshipsPage},
		{Method: "GET", Path: "/stages/nieuw", Summary: "Offer internship places (form; buyer)", Page: true, Roles: buyerOrAdmin, Handler: s.handleNewInternshipPage},
		{Method: "POST", Path: "/stages/nieuw", Summary: "Offer internship places (form; buyer)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleNewInternshipForm},
		{Method: "GET", Path: "/stages/:id", Summary: "One internship offer (its buyer sees the interests)", Page: true, Handler: s.handleInternshipPage},
		{Method: "POST", Path: "/stages/:id/interesse", Summary: "Register interest in an internship place (form; supplier)", Page: true, Roles: supplierAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleInternshipInterestForm},
		{Method: "POST", Path: "/stages/:id/ingevuld", Summary: "Set how many places are taken (form; its buyer)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleInternshipFillForm},
		{Method: "POST", Path: "/stages/:id/afsluiten", Summary: "Close an internship offer (form; its buyer)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleInternshipCloseForm},
	})
}

// internshipsPage is the Stageplaatsen page.
type internshipsPage struct {
	Postcode, Radius, Work string
	Mine                   bool
	Origin                 *koppel.Place
	RadiusKm               float64
	Works                  []koppel.InternshipWorkInfo
	Hits                   []InternshipHit
	Error                  string
	// For is the enterprise whose place the distances are measured from
	// when no place was typed (a supplier's own).
	For string
}

func (s *Server) handleInternshipsPage(c *gin.Context) {
	data := internshipsPage{Postcode: c.Query("postcode"), Radius: c.Query("radius_km"), Work: c.Query("work"), Works: koppel.InternshipWorks,
		Mine: c.Query("mine") != ""}
	q, err := s.readInternshipQuery(c)
	if koppel.ErrorCode(err) == koppel.EINVALID || koppel.ErrorCode(err) == koppel.ENOTFOUND {
		data.Error = s.userMessage(c, err)
		s.render(c, http.StatusBadRequest, "internships", tr(c, "nav.internships"), data)
		return
	} else if err != nil {
		s.writeError(c, err)
		return
	}
	data.Origin, data.RadiusKm = q.Origin, q.RadiusKm
	if data.Postcode == "" && q.Origin != nil {
		if e, err := s.Enterprises.FindEnterpriseByKBO(c.Request.Context(), s.internshipFor(c)); err == nil {
			data.For = e.Name
		}
	}
	if data.Radius == "" && q.Origin != nil {
		data.Radius = dutchNum(q.RadiusKm, 1)
	}
	if data.Hits, err = s.findInternships(c.Request.Context(), q); err != nil {
		s.writeError(c, err)
		return
	}
	s.render(c, http.StatusOK, "internships", tr(c, "nav.internships"), data)
}

// internshipFor is the enterprise the list measures from when no place was
// typed: ?kbo=, else a supplier's own.
func (s *Server) internshipFor(c *gin.Context) koppel.KBO {
	if k, err := koppel.ParseKBO(c.Query("kbo")); err == nil {
		return k
	}
	if p := caller(c); p.role() == koppel.RoleSupplier {
		return p.Token.Enterprise
	}
	return ""
}

// internshipForm holds the fields of the offer form as typed, and the
// problems beside them.
type internshipForm struct {
	Host, Title, Work, Description, Street, Postcode, Start, End, Places, ContactName, Email, Phone string
	Problems                                                                                        formErrors
}

type newInternshipPage struct {
	Form    internshipForm
	Works   []koppel.InternshipWorkInfo
	IsAdmin bool
	Error   string
}

func (s *Server) handleNewInternshipPage(c *gin.Context) {
	p := caller(c)
	f := internshipForm{Places: "1"}
	if p.role() == koppel.RoleBuyer {
		f.Host = p.Token.Buyer
	}
	s.render(c, http.StatusOK, "internship_new", tr(c, "internships.offer"), newInternshipPage{Form: f, Works: koppel.InternshipWorks, IsAdmin: p.isAdmin()})
}

func (s *Server) handleNewInternshipForm(c *gin.Context) {
	p := caller(c)
	f := internshipForm{Host: c.PostForm("host"), Title: c.PostForm("title"), Work: c.PostForm("work"), Description: c.PostForm("description"),
		Street: c.PostForm("street"), Postcode: c.PostForm("postcode"), Start: c.PostForm("start"), End: c.PostForm("end"), Places: c.PostForm("places"),
		ContactName: c.PostForm("contact_name"), Email: c.PostForm("email"), Phone: c.PostForm("phone")}
	req := InternshipRequest{Host: f.Host, Title: f.Title, Work: koppel.InternshipWork(f.Work), Description: f.Description,
		Address: koppel.Address{Street: strings.TrimSpace(f.Street), Postcode: strings.TrimSpace(f.Postcode)},
		Contact: koppel.InternshipContact{Name: f.ContactName, Email: f.Email, Phone: f.Phone}}
	var err error
	var fe koppel.FieldErrorList
	if v := strings.TrimSpace(f.Start); v != "" {
		if req.Start, err = koppel.ParseDate(v); err != nil {
			fe = append(fe, koppel.FieldErrorOf("start", err))
		}
	}
	if v := strings.TrimSpace(f.End); v != "" {
		if req.End, err = koppel.ParseDate(v); err != nil {
			fe = append(fe, koppel.FieldErrorOf("end", err))
		}
	}
	if req.Places, err = strconv.Atoi(strings.TrimSpace(f.Places)); err != nil {
		fe = append(fe, koppel.FieldErrorOf("places", koppel.Errorf(koppel.EINVALID, "geef het aantal stageplaatsen als getal, bv. 2").WithKey("error.forms_internship_places_number")))
	}
	// Check every field at once, so that each problem shows beside its
	// field; the domain's own check decides.
	check := koppel.Internship{Host: firstNonEmpty(strings.TrimSpace(req.Host), p.Token.Buyer), Title: req.Title, Work: req.Work, Description: req.Description,
		Address: req.Address, Start: req.Start, End: req.End, Places: req.Places, Contact: req.Contact}
	if fe = fe.Merge(check.Problems(s.Reference)); len(fe) > 0 {
		f.Problems.addFields(lang(c), internshipFields, fe, "forms.internship")
		s.render(c, http.StatusBadRequest, "internship_new", tr(c, "internships.offer"), newInternshipPage{Form: f, Works: koppel.InternshipWorks, IsAdmin: p.isAdmin(),
			Error: tr(c, "internship.fix_fields")})
		return
	}
	in, err := s.createInternship(c, req)
	if err != nil {
		if koppel.ErrorCode(err) == koppel.EINTERNAL {
			s.writeError(c, err)
			return
		}
		s.render(c, http.StatusBadRequest, "internship_new", tr(c, "internships.offer"), newInternshipPage{Form: f, Works: koppel.InternshipWorks, IsAdmin: p.isAdmin(), Error: s.userMessage(c, err)})
		return
	}
	c.Redirect(http.StatusSeeOther, "/stages/"+url.PathEscape(in.ID)+"?bericht=gepubliceerd")
}

// internshipFields are the fields of the offer form in their order:
// element id, the catalogue key of the label, the koppel.FieldError name.
var internshipFields = []fieldDef{
	{"host", "internship.host_label", "host"}, {"title", "newtender.lot_title", "title"}, {"work", "internships.work", "work"},
	{"description", "internship.what", "description"}, {"street", "internship.street", "street"}, {"postcode", "newtender.postcode", "postcode"},
	{"start", "internship.from", "start"}, {"end", "internship.to", "end"}, {"places", "internship.places", "places"},
	{"contact_name", "internship.contact_name", "contact_name"}, {"email", "enterprise.email", "email"}, {"phone", "enterprise.phone", "phone"},
	{"contact", "forms.contact", "contact"},
}

// formField is one input of a form with its problems, for the stagefield
// template.
type formField struct {
	Name, Label, Value, Hint string
	Errors                   fieldMessages
	Attrs                    template.HTMLAttr
}

// fieldOf makes a formField with the problems of its name in problems.
func fieldOf(name, label, value string, problems formErrors, hint string) formField {
	return formField{Name: name, Label: label, Value: value, Hint: hint, Errors: problems.Field(name), Attrs: problems.Attrs(name)}
}

// internshipPage is one offer, with what its viewer may do.
type internshipPage struct {
	In     *koppel.Internship
	Owner  bool // the buyer (or an admin) sees the interests and manages it
	CanAsk bool // a supplier (or an admin) may register interest
	// Registered is set when the signed-in supplier's enterprise already
	// registered interest.
	Registered bool
	Message    string
	Error      string
	Filled     []int // the choices of "places taken"
}

// internshipMessages are the notes shown after a change (?bericht=), as
// keys internship.note.<name> of the catalogue.
var internshipMessages = map[string]bool{"gepubliceerd": true, "interesse": true, "ingevuld": true, "afgesloten": true}

func (s *Server) handleInternshipPage(c *gin.Context) {
	msg := ""
	if internshipMessages[c.Query("bericht")] {
		msg = tr(c, "internship.note."+c.Query("bericht"))
	}
	s.renderInternship(c, http.StatusOK, c.Param("id"), msg, "")
}

func (s *Server) renderInternship(c *gin.Context, status int, id, message, problem string) {
	in, err := s.Internships.FindInternshipByID(c.Request.Context(), id)
	if err != nil {
		s.writeError(c, err)
		return
	}
	p := caller(c)
	data := internshipPage{In: in, Owner: p.ownsInternship(in), CanAsk: (p.role() == koppel.RoleSupplier || p.isAdmin()) && in.Status == koppel.InternshipOpen,
		Message: message, Error: problem}
	if p.role() == koppel.RoleSupplier {
		for _, x := range in.Interests {
			if x.Enterprise == p.Token.Enterprise {
				data.Registered = true
			}
		}
	}
	if !data.Owner {
		in.Interests = nil
	}
	for n := 0; n <= in.Places; n++ {
		data.Filled = append(data.Filled, n)
	}
	s.render(c, status, "internship", in.Title, data)
}

// formFail shows the offer again with a problem, or the error page for an
// internal error or a missing offer.
func (s *Server) internshipFormFail(c *gin.Context, id string, err error) {
	switch koppel.ErrorCode(err) {
	case koppel.EINVALID, koppel.ECONFLICT, koppel.EFORBIDDEN:
		s.renderInternship(c, http.StatusBadRequest, id, "", s.userMessage(c, err))
	default:
		s.writeError(c, err)
	}
}

func (s *Server) handleInternshipInterestForm(c *gin.Context) {
	id := c.Param("id")
	kbo, err := caller(c).interestEnterprise(koppel.KBO(c.PostForm("enterprise")))
	if err != nil {
		s.internshipFormFail(c, id, err)
		return
	}
	if _, err := s.registerInterest(c.Request.Context(), id, kbo, c.PostForm("message")); err != nil {
		s.internshipFormFail(c, id, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/stages/"+url.PathEscape(id)+"?bericht=interesse")
}

func (s *Server) handleInternshipFillForm(c *gin.Context) {
	id := c.Param("id")
	n, err := strconv.Atoi(c.PostForm("filled"))
	if err != nil {
		s.internshipFormFail(c, id, koppel.Errorf(koppel.EINVALID, "kies hoeveel plaatsen ingevuld zijn").WithKey("error.forms_internship_filled_choose"))
		return
	}
	if _, err := s.changeOwnInternship(c.Request.Context(), caller(c), id, setFilled(n)); err != nil {
		s.internshipFormFail(c, id, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/stages/"+url.PathEscape(id)+"?bericht=ingevuld")
}

func (s *Server) handleInternshipCloseForm(c *gin.Context) {
	id := c.Param("id")
	if _, err := s.changeOwnInternship(c.Request.Context(), caller(c), id, closeInternship); err != nil {
		s.internshipFormFail(c, id, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/stages/"+url.PathEscape(id)+"?bericht=afgesloten")
}
