package server

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/clauses"
	"koppel/i18n"
	"koppel/search"
)

// searchPage is what the Zoeken page shows.
type searchPage struct {
	Q        search.OfferingQuery
	Place    search.PlaceFields // the place fields as typed
	Problems search.PlaceReading
	// PlaceName is the place read from the place field, in the reader's
	// language ("Gent (9000)", "Gand (9000)").
	PlaceName string
	Widen     *widenOffer
	Read      []readView // how the words were read, with links to undo
	Radius    string
	Result    *search.OfferingResult
	Hits      []hitView
	Facets    []facetView
	Suggest   string // link for "Bedoelde u …?"
	Pager     pager
	Searched  bool
	Error     string
	// Common are the one-click searches the home page offers before a
	// search is made.
	Common []commonSearch
	// Active counts the facet filters in use, for the phone's Filters button.
	Active int
	// Map shows the searched place and the hits' enterprises (SVG).
	Map template.HTML
	// Only names the enterprise the search is kept to, with the link
	// back to every enterprise.
	Only *readView
	// PerEnterprise is the number of services of one enterprise the page
	// lists (0: all).
	PerEnterprise int

	// Download links to the whole result as a file.
	Download downloadLinks
	// Save is the form that saves ticked hits in a shortlist (buyers).
	Save *saveForm
}

// commonSearch is a one-click search of the home page.
type commonSearch struct{ Label, Link string }

// commonSearches are the services facility managers ask for most, in the
// words they type (the synonyms find the rest).
var commonSearches = func() []commonSearch {
	var out []commonSearch
	for _, s := range []struct{ label, q string }{
		{"common.cleaning", "poetsdienst"}, {"common.green", "groenonderhoud"}, {"common.bikes", "fietspunt"},
		{"common.odd_jobs", "klusjesdienst"}, {"common.catering", "catering"}, {"common.laundry", "was en strijk"}, {"common.reuse", "kringloop"},
	} {
		out = append(out, commonSearch{Label: s.label, Link: "/?" + url.Values{"q": {s.q}}.Encode()})
	}
	return out
}()

type hitView struct {
	search.OfferingHit
	Title       template.HTML
	Snippet     template.HTML
	Forms       []string
	Distance    string
	Reservable  bool // eligible for a reserved contract (res-ws)
	ToVerify    bool
	ProfileLink string
	Contact     koppel.Contact
	// MoreLink leads to the enterprise's other services that fit the
	// search ("nog 3 diensten van …", OfferingHit.More of them).
	MoreLink string
}

type facetView struct {
	Name, Param string
	Values      []facetLink
	// Check shows the values as checkboxes: several may be ticked.
	Check bool
}

type facetLink struct {
	Label    string
	Count    int
	Link     string
	Selected bool
}

// readView is one reading of the words of a search, with the link that
// keeps its words as text instead ("" for the text itself).
type readView struct {
	Label string
	Undo  string
}

// widenOffer proposes a wider search when a search near a place finds
// few offerings: "Binnen 30 km: 38 diensten".
type widenOffer struct {
	Text string
	Link string
}

// pagePerEnterprise is the number of services of one enterprise the
// search page lists: a facility manager compares suppliers, and a few
// enterprises with many services would otherwise fill the first page. The
// others are one click away ("nog 3 diensten van …").
const pagePerEnterprise = 2

// thinResults is the number of hits under which the page offers to widen
// a search near a place.
const thinResults = 5

// handleSearchPage is the home page: search for offerings.
func (s *Server) handleSearchPage(c *gin.Context) {
	q, err := offeringQueryBase(c)
	place := search.PlaceFields{Place: c.Query("postcode"), Km: c.Query("radius_km"), Comes: comesParam(c)}
	data := searchPage{Q: q, Place: place, Radius: place.Km}
	if err != nil {
		data.Error = s.userMessage(c, err)
		s.render(c, http.StatusBadRequest, "search", tr(c, "search.title"), data)
		return
	}
	data.Searched = hasSearch(c.Request.URL.Query())
	if !data.Searched {
		// The bare home page explains Koppel and offers the common
		// searches; a list of every offering in index order helps nobody.
		data.Common = commonSearches
		s.render(c, http.StatusOK, "search", tr(c, "search.title"), data)
		return
	}
	// data.Q stays the search as the URL has it: the form's hidden
	// filters must not keep what was read from the place field.
	if c.Query("per_enterprise") == "" {
		q.PerEnterprise = pagePerEnterprise
	}
	if q.Enterprise != "" {
		q.PerEnterprise = 0
	}
	data.PerEnterprise = q.PerEnterprise
	q, data.Problems = search.ApplyPlace(s.Search.Places, q, place)
	if e := data.Problems.PlaceErr; e != nil {
		data.Problems.PlaceError = s.userMessage(c, e)
	}
	if e := data.Problems.KmErr; e != nil {
		data.Problems.KmError = s.userMessage(c, e)
	}
	if p := data.Problems.Place; p != nil {
		data.PlaceName = placeLabel(lang(c), *p)
	}
	res, err := s.Search.Offerings(c.Request.Context(), q)
	if koppel.ErrorCode(err) == koppel.EINVALID {
		data.Error = s.userMessage(c, err)
		s.render(c, http.StatusBadRequest, "search", tr(c, "search.title"), data)
		return
	} else if err != nil {
		s.writeError(c, err)
		return
	}
	data.Result = res
	listed := res.Total
	if q.PerEnterprise > 0 {
		listed = res.Listed
	}
	data.Pager = newPager(c, res.Page, res.Size, listed)
	if q.Enterprise != "" {
		name := string(q.Enterprise)
		if e, err := s.Enterprises.FindEnterpriseByKBO(c.Request.Context(), q.Enterprise); err == nil {
			name = e.Name
		}
		data.Only = &readView{Label: name, Undo: withParam(c.Request.URL, "enterprise", "", false)}
	}
	if res.Total > 0 {
		data.Download = downloads("/api/v1/offerings", offeringValues(q), exportLimitNote(lang(c), res.Total))
		data.Save = s.saveFormFor(c, "bewaar", "save.offerings")
	}
	if res.Suggestion != "" {
		data.Suggest = withParam(c.Request.URL, "q", res.Suggestion, true)
	}
	today := koppel.DateOf(timeNow())
	verdicts := map[koppel.KBO]koppel.Eligibility{}
	contacts := map[koppel.KBO]koppel.Contact{}
	for _, h := range res.Hits {
		hv := hitView{OfferingHit: h, Title: template.HTML(template.HTMLEscapeString(h.Offering.Title)), ProfileLink: "/ondernemingen/" + string(h.Enterprise.KBO) + "#aanbod-" + url.PathEscape(h.Offering.Code)}
		if hl := h.Highlights["title"]; len(hl) > 0 {
			hv.Title = template.HTML(hl[0]) // escaped by the searcher, <mark> only
		}
		if hl := h.Highlights["description"]; len(hl) > 0 {
			hv.Snippet = template.HTML(hl[0])
		} else {
			hv.Snippet = template.HTML(template.HTMLEscapeString(trimText(h.Offering.Description, 220)))
		}
		for _, f := range h.Enterprise.WorkForms {
			hv.Forms = append(hv.Forms, enumLabel(lang(c), "workform.", string(f), f.Label()))
		}
		if h.DistanceKm != nil {
			hv.Distance = i18n.Number(lang(c), *h.DistanceKm, 0) + " km"
		}
		v, seen := verdicts[h.Enterprise.KBO]
		if !seen {
			// Several hits often share an enterprise: read and judge it once.
			// The register's recognitions decide, as in matching.
			if e, err := s.Enterprises.FindEnterpriseByKBO(c.Request.Context(), h.Enterprise.KBO); err == nil {
				if ve, err := s.verifiedEnterprise(c.Request.Context(), e); err == nil {
					e = ve
				}
				v = clauses.Check(s.CodeLists, e, &koppel.Lot{}, koppel.ClauseReservedWS, today).Verdict
				contacts[h.Enterprise.KBO] = e.Contact
			}
			verdicts[h.Enterprise.KBO] = v
		}
		hv.Contact = contacts[h.Enterprise.KBO]
		hv.Reservable, hv.ToVerify = v == koppel.Eligible, v == koppel.ToVerify
		if h.More > 0 {
			hv.MoreLink = withParam(c.Request.URL, "enterprise", string(h.Enterprise.KBO), true)
		}
		// "nog N diensten" once per enterprise on the page: under its
		// last service here.
		for i := range data.Hits {
			if data.Hits[i].Enterprise.KBO == h.Enterprise.KBO {
				data.Hits[i].MoreLink = ""
			}
		}
		data.Hits = append(data.Hits, hv)
	}
	for _, r := range res.Read {
		rv := readView{Label: s.readLabel(lang(c), r)}
		if r.Kind != "text" {
			keep := r.Words
			if k := c.Query("keep"); k != "" {
				keep = k + "," + keep
			}
			rv.Undo = withParam(c.Request.URL, "keep", keep, true)
		}
		data.Read = append(data.Read, rv)
	}
	if p := data.Problems.Place; p != nil && res.Total < thinResults {
		data.Widen = s.widen(c, q, placeName(lang(c), *p), res.Total)
	}
	data.Facets = []facetView{
		facetLinks(c, tr(c, "facet.category"), "category", res.Facets.Category),
		facetLinks(c, tr(c, "facet.work_form"), "form", res.Facets.WorkForm),
		facetLinks(c, tr(c, "facet.province"), "province", res.Facets.Province),
		targetGroupFacet(c, res.Facets.TargetGroup),
		transitionFacet(c, res.Facets.Transition),
	}
	mapPlace := q.Postcode
	for _, r := range res.Read {
		if mapPlace == "" && r.Kind == "place" {
			mapPlace = r.Value // "fietspunt leuven": the place read from the words
		}
	}
	data.Map = s.searchMap(lang(c), mapPlace, res.Hits)
	for _, f := range data.Facets {
		for _, v := range f.Values {
			if v.Selected {
				data.Active++
			}
		}
	}
	s.render(c, http.StatusOK, "search", tr(c, "search.title"), data)
}

// notSearch are the parameters that do not ask for a search by
// themselves: the page number, the language (the header's switch links to
// "/?lang=fr") and the "komt naar deze plaats" box, which the form always
// sends and which only says how to read a place.
var notSearch = map[string]bool{"page": true, "lang": true, "komt": true}

// hasSearch reports whether the URL asks for a search: a field with a
// value other than those of notSearch. An empty form sent as it is
// ("/?q=&postcode=&komt=0") and the home page in another language
// ("/?lang=fr") open the home page, not a list of everything.
func hasSearch(v url.Values) bool {
	for k, vals := range v {
		for _, x := range vals {
			if !notSearch[k] && strings.TrimSpace(x) != "" {
				return true
			}
		}
	}
	return false
}

// comesParam reads the "komt naar deze plaats" checkbox: the form sends
// komt=0 and, when ticked, komt=1 after it; a link without it (a place
// typed in the address bar, a one-click search) has it on.
func comesParam(c *gin.Context) bool {
	v := c.QueryArray("komt")
	return len(v) == 0 || v[len(v)-1] == "1"
}

// widenSteps are the distances a thin search near a place is widened to.
var widenSteps = []float64{10, 15, 20, 30, 50, 75, 100}

// widen returns a wider search than q when one finds more than total
// offerings: the smallest larger distance of widenSteps that does, or,
// for "komt naar deze plaats", the enterprises based within that distance
// whether or not their service area lists the place. Nil when none does.
// At most len(widenSteps) searches of one hit.
func (s *Server) widen(c *gin.Context, q search.OfferingQuery, placeName string, total int) *widenOffer {
	if q.ServesPostcode == "" && q.RadiusKm == 0 {
		return nil // already every distance
	}
	wider := q
	wider.Page, wider.Size = 1, 1
	wider.ServesPostcode = ""
	for _, km := range widenSteps {
		if q.ServesPostcode == "" && km < 1.5*q.RadiusKm {
			continue
		}
		wider.RadiusKm = km
		res, err := s.Search.Offerings(c.Request.Context(), wider)
		if err != nil {
			return nil
		}
		if res.Total <= total {
			continue
		}
		v := c.Request.URL.Query()
		v.Del("page")
		v.Set("radius_km", dutchNum(km, 0))
		v.Set("komt", "0")
		text := trn(c, "search.widen", res.Total, "Km", i18n.Number(lang(c), km, 0))
		if q.ServesPostcode != "" {
			text = trn(c, "search.widen_comes", res.Total, "Km", i18n.Number(lang(c), km, 0), "Place", placeName)
		}
		return &widenOffer{Text: text, Link: "/?" + v.Encode()}
	}
	return nil
}

// readLabel says in lang how a part of the words was read: "komt naar
// Gent" ("se déplace à Gand"), "provincie Limburg", a work form; the words
// themselves as typed.
func (s *Server) readLabel(l i18n.Lang, r search.Reading) string {
	switch r.Kind {
	case "work_form":
		return enumLabel(l, "workform.", r.Value, r.Label)
	case "place":
		return i18n.T(l, "read.place", "Place", s.readPlace(l, r))
	case "province":
		return i18n.T(l, "read.province", "Province", provinceName(l, r.Value))
	}
	return r.Label
}

// readPlace names the place of a "place" reading for a reader of l: the
// place the typed words name when they name the reading's postcode (so a
// deelgemeente such as Ledeberg keeps its name), else the postcode's place,
// else the postcode itself.
func (s *Server) readPlace(l i18n.Lang, r search.Reading) string {
	if s.Search.Places == nil {
		return r.Value
	}
	if p, ok := s.Search.Places.ResolvePlace(r.Words); ok && p.Postcode == r.Value {
		return placeName(l, p)
	}
	if p, ok := s.Search.Places.Postcode(r.Value); ok {
		return placeName(l, p)
	}
	return r.Value
}

func plural(n int, one, more string) string {
	if n == 1 {
		return one
	}
	return more
}

// facetLinks turns facet counts into links that add (or, when selected,
// remove) the filter, keeping the rest of the search.
func facetLinks(c *gin.Context, name, param string, values []search.FacetValue) facetView {
	fv := facetView{Name: name, Param: param}
	current := c.Query(param)
	for _, v := range values {
		label := v.Label
		if label == "" {
			label = v.Value
		}
		switch param {
		case "category":
			label = enumLabel(lang(c), "category.", v.Value, label)
		case "form":
			label = enumLabel(lang(c), "workform.", v.Value, label)
		case "province":
			label = provinceName(lang(c), v.Value)
		}
		sel := current == v.Value
		fv.Values = append(fv.Values, facetLink{Label: label, Count: v.Count, Selected: sel, Link: withParam(c.Request.URL, param, v.Value, !sel)})
	}
	return fv
}

// withParam returns the URL with param set to value (or removed), back on
// page 1.
func withParam(u *url.URL, param, value string, set bool) string {
	q := u.Query()
	q.Del("page")
	if set {
		q.Set(param, value)
	} else {
		q.Del(param)
	}
	return "/?" + q.Encode()
}

func trimText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
