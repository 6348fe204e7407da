package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/i18n"
	"koppel/search"
)

func (s *Server) offeringRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/offerings", Summary: "Search offerings: free text (typos tolerated), filters, facets, highlights, distance", Tag: "search",
			Query: append([]param{
				{Name: "q", In: "query", Type: "string", Description: "what you look for, e.g. poetsdienst scholen gent"},
				{Name: "category", In: "query", Type: "string", Description: "category, e.g. groenonderhoud"},
				{Name: "form", In: "query", Type: "string", Description: "work form, e.g. maatwerkbedrijf"},
				{Name: "cpv", In: "query", Type: "string", Description: "CPV code or prefix, e.g. 9091"},
				{Name: "province", In: "query", Type: "string"},
				{Name: "municipality", In: "query", Type: "string"},
				{Name: "language", In: "query", Type: "string", Description: "nl, fr, en"},
				{Name: "serves", In: "query", Type: "string", Description: "postcode the service area must cover"},
				{Name: "postcode", In: "query", Type: "string", Description: "postcode to measure distance from"},
				{Name: "radius_km", In: "query", Type: "number", Description: "only enterprises within this distance of postcode"},
				{Name: "sort", In: "query", Type: "string", Description: "relevance (default; near a place, of equal fits the nearer supplier first) or distance (the default when q names a place, as in \"poetsen gent\")"},
				{Name: "keep", In: "query", Type: "string", Description: "words of q (comma-separated) to search as text, not read as a place, province or work form"},
				offeringTargetGroupParamDoc, transitionParamDoc,
				{Name: "enterprise", In: "query", Type: "string", Description: "only the offerings of this enterprise (KBO number)"},
				{Name: "per_enterprise", In: "query", Type: "integer", Description: "list at most this many offerings of one enterprise (its best, each at its own place); each hit says in more_from_enterprise how many offerings of its enterprise were found after it (listed further on or left out). total counts every offering, listed the offerings the pages hold (paging ends there), enterprises the enterprises found. Default 0: every offering (the search page uses 2)"},
			}, pageParamsDoc...),
			Rate: rateSearch, Response: search.OfferingResult{}, Export: true, Handler: s.handleOfferingSearch},
	}
}

// offeringQuery reads an offering search from the URL; the same parameters
// serve the API and the search page.
func offeringQuery(c *gin.Context) (search.OfferingQuery, error) {
	q, err := offeringQueryBase(c)
	if err != nil {
		return q, err
	}
	q.Postcode = c.Query("postcode")
	q.RadiusKm, err = radiusParam(c)
	return q, err
}

// offeringQueryBase reads an offering search from the URL but for its
// place and distance, which the search page reads its own way.
func offeringQueryBase(c *gin.Context) (search.OfferingQuery, error) {
	q := search.OfferingQuery{
		Text: c.Query("q"), Category: c.Query("category"), WorkForm: c.Query("form"), CPV: c.Query("cpv"),
		Province: c.Query("province"), Municipality: c.Query("municipality"), Language: c.Query("language"),
		ServesPostcode: c.Query("serves"), Sort: c.Query("sort"), Keep: c.Query("keep"),
		TargetGroups: targetGroupsParam(c), Transition: transitionParam(c),
		Enterprise: koppel.KBO(c.Query("enterprise")),
	}
	var err error
	if q.Page, q.Size, err = pageParams(c); err != nil {
		return q, err
	}
	if v := c.Query("per_enterprise"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > search.MaxSize {
			return q, koppel.Errorf(koppel.EINVALID, "aantal diensten per onderneming %q: geef een aantal van 0 (alle) tot %d", v, search.MaxSize).WithKey("error.api_per_enterprise", "Value", v, "Max", search.MaxSize)
		}
		q.PerEnterprise = n
	}
	if len(q.Text) > 500 {
		return q, koppel.Errorf(koppel.EINVALID, "de zoekvraag is te lang (max. 500 tekens)").WithKey("error.query_too_long")
	}
	return q, nil
}

func (s *Server) handleOfferingSearch(c *gin.Context) {
	q, err := offeringQuery(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if format, err := exportFormat(c); err != nil || format != "" {
		if err != nil {
			s.writeError(c, err)
		} else {
			s.exportOfferings(c, format, q)
		}
		return
	}
	res, err := s.Search.Offerings(c.Request.Context(), q)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if l := lang(c); l != i18n.NL {
		// read[].label in the request's language, as the search page says it
		// ("se déplace à Gand"); Dutch keeps the searcher's own words.
		for i, r := range res.Read {
			res.Read[i].Label = s.readLabel(l, r)
		}
	}
	c.JSON(http.StatusOK, res)
}

// radiusParam reads radius_km (0 to 500 km; 0 when absent).
func radiusParam(c *gin.Context) (float64, error) {
	v := c.Query("radius_km")
	if v == "" {
		return 0, nil
	}
	km, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
	if err != nil || km < 0 || km > 500 {
		return 0, koppel.Errorf(koppel.EINVALID, "afstand %q: geef een aantal km van 0 tot 500", v).WithKey("error.distance_km", "Value", v, "Max", 500)
	}
	return km, nil
}
