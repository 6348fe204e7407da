package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"koppel"
)

func (s *Server) internshipRoutes() []route {
	return withInternships(s, []route{
		{Method: "GET", Path: "/api/v1/stages", Summary: "Open internship places for workers in a transition path, nearest first", Tag: "internships",
			Query: internshipQueryDoc, Rate: rateSearch, Response: InternshipList{}, Handler: s.handleInternshipList},
		{Method: "POST", Path: "/api/v1/stages", Summary: "Offer internship places (buyer, admin); Koppel chooses the ID", Tag: "internships",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: InternshipRequest{}, Response: koppel.Internship{}, Handler: s.handleInternshipCreate},
		{Method: "GET", Path: "/api/v1/stages/:id", Summary: "One offer of internship places (the interests only for its buyer and admins)", Tag: "internships",
			Response: koppel.Internship{}, Handler: s.handleInternshipView},
		{Method: "POST", Path: "/api/v1/stages/:id/interest", Summary: "Register an enterprise's interest in an internship place (its supplier, admin)", Tag: "internships",
			Roles: supplierAdmin, Body: bodyJSON, Rate: rateWrite, Request: InterestRequest{}, Response: koppel.Internship{}, Handler: s.handleInternshipInterest},
		{Method: "POST", Path: "/api/v1/stages/:id/fill", Summary: "Set how many places are taken (its buyer, admin); all taken: filled", Tag: "internships",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: FillRequest{}, Response: koppel.Internship{}, Handler: s.handleInternshipFill},
		{Method: "POST", Path: "/api/v1/stages/:id/close", Summary: "Close an offer of internship places (its buyer, admin)", Tag: "internships",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Response: koppel.Internship{}, Handler: s.handleInternshipClose},
	})
}

// withInternships makes the routes answer 503 when the server has no
// internship store, rather than fail.
func withInternships(s *Server, rs []route) []route {
	for i := range rs {
		h := rs[i].Handler
		rs[i].Handler = func(c *gin.Context) {
			if s.Internships == nil {
				s.writeError(c, koppel.Errorf(koppel.EUNAVAILABLE, "stageplaatsen zijn op deze server niet beschikbaar").WithKey("error.forms_internships_unavailable"))
				return
			}
			h(c)
		}
	}
	return rs
}

var internshipQueryDoc = []param{
	{Name: "postcode", In: "query", Type: "string", Description: "measure distances from this postcode or municipality, e.g. 9000 or Gent"},
	{Name: "kbo", In: "query", Type: "string", Description: "measure distances from this enterprise's address (default for a supplier: its own)"},
	{Name: "radius_km", In: "query", Type: "number", Description: "only places within this distance (default 25 when a place is given; 0: any distance)"},
	{Name: "work", In: "query", Type: "string", Description: "kind of work: poetsen, klussen, groen, onthaal, keuken, fietsen, logistiek, andere"},
	{Name: "mine", In: "query", Type: "boolean", Description: "true: the caller's own offers (buyer), in every status"},
}

// DefaultInternshipRadiusKm is how far the internship list looks around a
// place when no distance is given.
const DefaultInternshipRadiusKm = 25

// maxInternshipHits bounds the places one list shows.
const maxInternshipHits = 200

// InternshipRequest offers internship places.
type InternshipRequest struct {
	Host        string                   `json:"host,omitempty"` // default: the buyer's name
	Title       string                   `json:"title"`
	Work        koppel.InternshipWork    `json:"work"`
	Description string                   `json:"description,omitempty"`
	Address     koppel.Address           `json:"address"`
	Start       koppel.Date              `json:"start"`
	End         koppel.Date              `json:"end"`
	Places      int                      `json:"places"`
	Contact     koppel.InternshipContact `json:"contact"`
}

// InterestRequest registers interest in an internship place.
type InterestRequest struct {
	// Enterprise is the enterprise that registers; a supplier's own by
	// default (an admin names one).
	Enterprise koppel.KBO `json:"enterprise,omitempty"`
	Message    string     `json:"message,omitempty"`
}

// FillRequest says how many places are taken.
type FillRequest struct {
	Filled int `json:"filled"`
}

// InternshipList is a list of internship places, nearest first when a
// place to measure from is known.
type InternshipList struct {
	Origin      *koppel.Place   `json:"origin,omitempty"`
	RadiusKm    float64         `json:"radius_km,omitempty"`
	Internships []InternshipHit `json:"internships"`
}

// InternshipHit is an internship place with its distance from the origin.
type InternshipHit struct {
	*koppel.Internship
	DistanceKm *float64 `json:"distance_km,omitempty"`
}

// internshipQuery is what a list of internship places asks.
type internshipQuery struct {
	Origin   *koppel.Place
	RadiusKm float64
	Work     koppel.InternshipWork
	Owner    string // the caller's own offers, every status
}

// readInternshipQuery reads the list's parameters: the place to measure
// from (postcode, else the enterprise kbo, else a supplier's own
// enterprise), the distance and the work. Returns EINVALID in plain Dutch.
func (s *Server) readInternshipQuery(c *gin.Context) (internshipQuery, error) {
	var q internshipQuery
	p := caller(c)
	if v := c.Query("mine"); v == "true" || v == "1" || v == "ja" {
		if p.role() != koppel.RoleBuyer {
			return q, koppel.Errorf(koppel.EINVALID, "alleen een aankoper heeft eigen stageplaatsen").WithKey("error.forms_internship_mine_buyer")
		}
		q.Owner = p.Token.Buyer
	}
	if v := strings.TrimSpace(c.Query("work")); v != "" {
		w, err := koppel.ParseInternshipWork(v)
		if err != nil {
			return q, err
		}
		q.Work = w
	}
	switch v := strings.TrimSpace(c.Query("postcode")); {
	case v != "":
		pl, ok := s.resolvePlace(v)
		if !ok {
			return q, placeUnknown(v)
		}
		q.Origin = &pl
	case c.Query("kbo") != "":
		k, err := koppel.ParseKBO(c.Query("kbo"))
		if err != nil {
			return q, err
		}
		e, err := s.Enterprises.FindEnterpriseByKBO(c.Request.Context(), k)
		if err != nil {
			return q, err
		}
		if pl, ok := s.resolvePlace(e.Address.Postcode); ok {
			q.Origin = &pl
		}
	case p.role() == koppel.RoleSupplier:
		// A supplier's own place, once its profile exists; before that the
		// list is not measured from anywhere.
		e, err := s.Enterprises.FindEnterpriseByKBO(c.Request.Context(), p.Token.Enterprise)
		if err != nil && koppel.ErrorCode(err) != koppel.ENOTFOUND {
			return q, err
		}
		if err == nil {
			if pl, ok := s.resolvePlace(e.Address.Postcode); ok {
				q.Origin = &pl
			}
		}
	}
	if q.Origin != nil {
		q.RadiusKm = DefaultInternshipRadiusKm
	}
	if v := strings.TrimSpace(c.Query("radius_km")); v != "" {
		km, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
		if err != nil || km < 0 || km > 300 {
			return q, koppel.Errorf(koppel.EINVALID, "afstand %q: geef een aantal km van 0 tot 300", v).WithKey("error.distance_km", "Value", v, "Max", 300)
		}
		q.RadiusKm = km
	}
	return q, nil
}

// resolvePlace reads a postcode or, when the reference data can, a
// municipality's name.
func (s *Server) resolvePlace(v string) (koppel.Place, bool) {
	if s.Reference == nil {
		return koppel.Place{}, false
	}
	if p, ok := s.Reference.Postcode(v); ok {
		return p, true
	}
	if r, ok := s.Reference.(placeResolver); ok {
		return r.ResolvePlace(v)
	}
	return koppel.Place{}, false
}

// findInternships lists the places of q: the open ones (or the owner's
// own, in every status) within the distance, nearest first, at most
// maxInternshipHits, without the interests.
func (s *Server) findInternships(ctx context.Context, q internshipQuery) ([]InternshipHit, error) {
	f := koppel.InternshipFilter{Status: koppel.InternshipOpen, Work: q.Work}
	if q.Owner != "" {
		f = koppel.InternshipFilter{Owner: q.Owner, Work: q.Work}
	}
	list, err := s.Internships.FindInternships(ctx, f)
	if err != nil {
		return nil, err
	}
	hits := []InternshipHit{}
	for _, in := range list {
		h := InternshipHit{Internship: in}
		if pl := in.Address.Place; q.Origin != nil && pl != nil {
			d := koppel.DistanceKm(q.Origin.Lat, q.Origin.Lon, pl.Lat, pl.Lon)
			if q.RadiusKm > 0 && d > q.RadiusKm {
				continue
			}
			d = float64(int(d*10+0.5)) / 10
			h.DistanceKm = &d
		} else if q.Origin != nil && q.RadiusKm > 0 {
			continue // no known place: not within any distance
		}
		in.Interests = nil
		hits = append(hits, h)
	}
	if q.Origin != nil {
		slices.SortStableFunc(hits, func(a, b InternshipHit) int {
			switch {
			case a.DistanceKm == nil:
				return 1
			case b.DistanceKm == nil:
				return -1
			case *a.DistanceKm < *b.DistanceKm:
				return -1
			case *a.DistanceKm > *b.DistanceKm:
				return 1
			}
			return 0
		})
	}
	return hits[:min(len(hits), maxInternshipHits)], nil
}

func (s *Server) handleInternshipList(c *gin.Context) {
	q, err := s.readInternshipQuery(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	hits, err := s.findInternships(c.Request.Context(), q)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, InternshipList{Origin: q.Origin, RadiusKm: q.RadiusKm, Internships: hits})
}

// createInternship validates and stores a new offer of p and announces it
// to the enterprises with transition paths near it.
func (s *Server) createInternship(c *gin.Context, req InternshipRequest) (*koppel.Internship, error) {
	p := caller(c)
	in := &koppel.Internship{ID: newInternshipID(), Host: req.Host, Title: req.Title, Work: req.Work, Description: req.Description,
		Address: req.Address, Start: req.Start, End: req.End, Places: req.Places, Contact: req.Contact, Status: koppel.InternshipOpen}
	in.Address.Place = nil
	if p.role() == koppel.RoleBuyer {
		in.Owner = p.Token.Buyer
		in.Host = firstNonEmpty(strings.TrimSpace(in.Host), p.Token.Buyer)
	} else {
		in.Owner = strings.TrimSpace(in.Host) // an admin offers in the host's name
	}
	if err := in.Validate(s.Reference); err != nil {
		return nil, err
	}
	ctx := c.Request.Context()
	if err := s.Internships.PutInternship(ctx, in); err != nil {
		return nil, err
	}
	near, err := s.transitionEnterprisesNear(ctx, in)
	if err != nil {
		// The offer is stored; the announcement goes without recipients
		// and the alerts decide.
		s.logger().Error("internship recipients", "id", in.ID, "err", err)
	}
	s.notify(ctx, koppel.Event{Key: string(koppel.EventInternshipPublished) + "/" + in.ID, Kind: koppel.EventInternshipPublished,
		Subject: in.ID, Buyer: in.Owner, Enterprises: near})
	return in, nil
}

// enterpriseWalker is implemented by stores that walk every enterprise
// (*store.Store).
type enterpriseWalker interface {
	ForEachEnterprise(ctx context.Context, fn func(*koppel.Enterprise) error) error
}

// maxAnnounced bounds the enterprises one internship place is announced
// to.
const maxAnnounced = 200

// transitionEnterprisesNear returns the enterprises with transition paths
// based within koppel.InternshipAlertKm of the place, nearest first.
func (s *Server) transitionEnterprisesNear(ctx context.Context, in *koppel.Internship) ([]koppel.KBO, error) {
	pl := in.Address.Place
	if pl == nil {
		return nil, nil
	}
	type near struct {
		kbo koppel.KBO
		km  float64
	}
	var found []near
	consider := func(e *koppel.Enterprise) error {
		if !e.TransitionPaths {
			return nil
		}
		ep, ok := s.resolvePlace(e.Address.Postcode)
		if e.Address.Place != nil {
			ep, ok = *e.Address.Place, true
		}
		if d := koppel.DistanceKm(pl.Lat, pl.Lon, ep.Lat, ep.Lon); ok && d <= koppel.InternshipAlertKm {
			found = append(found, near{e.KBO, d})
		}
		return nil
	}
	if w, ok := s.Enterprises.(enterpriseWalker); ok {
		// One pass over the store.
		if err := w.ForEachEnterprise(ctx, consider); err != nil {
			return nil, err
		}
	} else {
		list, _, err := s.Enterprises.FindEnterprises(ctx, koppel.EnterpriseFilter{TransitionPaths: true, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, e := range list {
			consider(e)
		}
	}
	slices.SortStableFunc(found, func(a, b near) int {
		if a.km < b.km {
			return -1
		} else if a.km > b.km {
			return 1
		}
		return 0
	})
	out := make([]koppel.KBO, 0, min(len(found), maxAnnounced))
	for _, n := range found[:min(len(found), maxAnnounced)] {
		out = append(out, n.kbo)
	}
	return out, nil
}

func (s *Server) handleInternshipCreate(c *gin.Context) {
	var req InternshipRequest
	if err := decodeJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	in, err := s.createInternship(c, req)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, in)
}

// ownsInternship reports whether p may change the offer: its buyer, or an
// admin.
func (p principal) ownsInternship(in *koppel.Internship) bool {
	return p.isAdmin() || p.role() == koppel.RoleBuyer && p.Token.Buyer == in.Owner
}

func (s *Server) handleInternshipView(c *gin.Context) {
	in, err := s.Internships.FindInternshipByID(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	if !caller(c).ownsInternship(in) {
		in.Interests = nil
	}
	c.JSON(http.StatusOK, in)
}

// registerInterest adds or renews enterprise kbo's interest in offer id.
// Only an enterprise that declared transition paths, and only for an open
// offer.
func (s *Server) registerInterest(ctx context.Context, id string, kbo koppel.KBO, message string) (*koppel.Internship, error) {
	e, err := s.Enterprises.FindEnterpriseByKBO(ctx, kbo)
	if err != nil {
		return nil, err
	}
	if !e.TransitionPaths {
		return nil, koppel.Errorf(koppel.EINVALID, "het profiel van %s vermeldt geen doorstroomtrajecten; vul dat eerst in (blad Onderneming, rij Doorstroomtrajecten: ja)", e.Name).
			WithKey("error.forms_internship_no_transition", "Name", e.Name)
	}
	message = strings.TrimSpace(message)
	if len(message) > 1000 {
		return nil, koppel.Errorf(koppel.EINVALID, "het bericht is te lang: hoogstens 1000 tekens").WithKey("error.forms_message_too_long", "Max", 1000)
	}
	return s.Internships.UpdateInternship(ctx, id, func(in *koppel.Internship) error {
		if in.Status != koppel.InternshipOpen {
			return koppel.Errorf(koppel.ECONFLICT, "deze stageplaats is niet meer open").WithKey("error.forms_internship_not_open")
		}
		interest := koppel.InternshipInterest{Enterprise: e.KBO, Name: e.Name, Message: message, At: time.Now().UTC().Round(0)}
		for i := range in.Interests {
			if in.Interests[i].Enterprise == e.KBO {
				in.Interests[i] = interest
				return nil
			}
		}
		if len(in.Interests) >= koppel.MaxInternshipInterests {
			return koppel.Errorf(koppel.ECONFLICT, "deze stageplaats heeft al %d reacties; neem rechtstreeks contact op", koppel.MaxInternshipInterests).
				WithKey("error.forms_internship_full", "Max", koppel.MaxInternshipInterests)
		}
		in.Interests = append(in.Interests, interest)
		return nil
	})
}

// interestEnterprise is the enterprise p registers interest for: a
// supplier's own, or the one an admin names.
func (p principal) interestEnterprise(named koppel.KBO) (koppel.KBO, error) {
	if p.role() == koppel.RoleSupplier {
		if named != "" {
			if k, err := koppel.ParseKBO(string(named)); err != nil || k != p.Token.Enterprise {
				return "", koppel.Errorf(koppel.EFORBIDDEN, "u kunt alleen voor uw eigen onderneming interesse tonen").WithKey("error.forms_internship_own_enterprise")
			}
		}
		return p.Token.Enterprise, nil
	}
	if named == "" {
		return "", koppel.Errorf(koppel.EINVALID, "geef de onderneming (enterprise) die interesse toont").WithKey("error.forms_internship_enterprise_missing")
	}
	return koppel.ParseKBO(string(named))
}

func (s *Server) handleInternshipInterest(c *gin.Context) {
	var req InterestRequest
	if err := decodeJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	kbo, err := caller(c).interestEnterprise(req.Enterprise)
	if err != nil {
		s.writeError(c, err)
		return
	}
	in, err := s.registerInterest(c.Request.Context(), c.Param("id"), kbo, req.Message)
	if err != nil {
		s.writeError(c, err)
		return
	}
	in.Interests = nil // the buyer's to see
	c.JSON(http.StatusOK, in)
}

// changeOwnInternship applies fn to offer id when p owns it. A buyer who
// does not own it gets ENOTFOUND, as for a tender of another buyer.
func (s *Server) changeOwnInternship(ctx context.Context, p principal, id string, fn func(*koppel.Internship) error) (*koppel.Internship, error) {
	return s.Internships.UpdateInternship(ctx, id, func(in *koppel.Internship) error {
		if !p.ownsInternship(in) {
			return koppel.Errorf(koppel.ENOTFOUND, "stageplaats %q niet gevonden", id).WithKey("error.internship_not_found", "ID", id)
		}
		if err := fn(in); err != nil {
			return err
		}
		return in.Validate(nil)
	})
}

// setFilled records how many places are taken; all taken makes the offer
// filled, fewer opens it again (unless it was closed).
func setFilled(n int) func(*koppel.Internship) error {
	return func(in *koppel.Internship) error {
		if n < 0 || n > in.Places {
			return koppel.Errorf(koppel.EINVALID, "ingevulde plaatsen: geef een aantal van 0 tot %d", in.Places).WithKey("error.forms_internship_filled_range", "Max", in.Places)
		}
		in.Filled = n
		if in.Status == koppel.InternshipFilled {
			in.Status = koppel.InternshipOpen // Validate sets it again from Filled
		}
		return nil
	}
}

func closeInternship(in *koppel.Internship) error {
	in.Status = koppel.InternshipClosed
	return nil
}

func (s *Server) handleInternshipFill(c *gin.Context) {
	var req FillRequest
	if err := decodeJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	in, err := s.changeOwnInternship(c.Request.Context(), caller(c), c.Param("id"), setFilled(req.Filled))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, in)
}

func (s *Server) handleInternshipClose(c *gin.Context) {
	in, err := s.changeOwnInternship(c.Request.Context(), caller(c), c.Param("id"), closeInternship)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, in)
}

func newInternshipID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "S-" + strings.ToUpper(hex.EncodeToString(b[:]))
}
