package server

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
)

// Body-size classes of routes.
const (
	bodyNone   int64 = 0
	bodyJSON   int64 = 1 << 20 // 1 MB of JSON is far more than any tender
	bodyForm   int64 = 64 << 10
	bodyUpload int64 = -1 // Server.MaxUploadBytes
	// bodyPackage is Server.MaxPackageBytes (see notices.go).
	bodyPackage int64 = -2
)

// Rate-limit classes of routes.
type rateClass int

const (
	rateNone rateClass = iota
	rateSearch
	rateWrite
)

// param documents a query or path parameter for the OpenAPI document.
type param struct {
	Name, In, Description string
	Required              bool
	Type                  string // string, integer, number, boolean
}

// route is one entry of the route table. Everything about a route — who
// may call it, how large its body may be, how it is rate limited, and how
// the OpenAPI document describes it — is declared here, so that the
// authorization, the limits and the documentation cannot drift apart.
type route struct {
	Method  string
	Path    string // Gin syntax, e.g. /api/v1/enterprises/:kbo
	Summary string
	Tag     string
	// Roles that may call the route; empty means anyone, signed in or not.
	// Ownership of the resource is checked in the handler (see owns*).
	Roles   []koppel.Role
	Body    int64 // maximum body size; bodyNone for none
	Rate    rateClass
	Query   []param
	Request any // example value of the JSON request body, for the schema
	// Response is an example value of the 200 response body; nil for a
	// non-JSON response (ContentType says what).
	Response    any
	ContentType string
	// Page marks an HTML page or a non-API endpoint: it is left out of the
	// OpenAPI document but still part of the authorization matrix.
	Page bool
	// Export marks a list route that also answers ?format=xlsx|csv with
	// the list as a file (see export.go).
	Export  bool
	Handler gin.HandlerFunc
}

// routes returns the route table. The order is the order of the OpenAPI
// document.
func (s *Server) routeTable() []route {
	var rs []route
	rs = append(rs, s.healthRoutes()...)
	rs = append(rs, s.enterpriseRoutes()...)
	rs = append(rs, s.offeringRoutes()...)
	rs = append(rs, s.catalogueRoutes()...)
	rs = append(rs, s.catalogueExportRoutes()...)
	rs = append(rs, s.catalogueUndoRoutes()...)
	rs = append(rs, s.tenderRoutes()...)
	rs = append(rs, s.outcomeRoutes()...)
	rs = append(rs, s.myTenderRoutes()...)
	rs = append(rs, s.tenderEditRoutes()...)
	rs = append(rs, s.matchRoutes()...)
	rs = append(rs, s.needRoutes()...)
	rs = append(rs, s.needPageRoutes()...)
	rs = append(rs, s.clauseRoutes()...)
	rs = append(rs, s.clauseAttachRoutes()...)
	rs = append(rs, s.internshipRoutes()...)
	rs = append(rs, s.cpvRoutes()...)
	rs = append(rs, s.authRoutes()...)
	rs = append(rs, s.pageRoutes()...)
	rs = append(rs, s.internshipPageRoutes()...)
	rs = append(rs, s.adminRoutes()...)
	rs = append(rs, s.recognitionRoutes()...)
	rs = append(rs, s.noticeRoutes()...)
	rs = append(rs, s.tokenRoutes()...)
	rs = append(rs, s.alertRoutes()...)
	rs = append(rs, s.accessRoutes()...)
	rs = append(rs, s.shortlistRoutes()...)
	rs = append(rs, s.shortlistPageRoutes()...)
	rs = append(rs, s.printRoutes()...)
	rs = append(rs, s.capacityRoutes()...)
	rs = append(rs, s.spendRoutes()...)
	rs = append(rs, s.docRoutes()...)
	return rs
}

// register adds every route of the table to the engine with its own chain:
// the role check, then the page mark, then the body limit, then the rate
// limit, so that a request that may not run is refused before it costs
// anything.
func (s *Server) register(e *gin.Engine, table []route) {
	for _, r := range table {
		chain := []gin.HandlerFunc{}
		if len(r.Roles) > 0 {
			chain = append(chain, s.requireRoles(r.Roles))
		}
		if r.Page {
			// After the role check (which answers scripts with 401 and
			// browsers with the sign-in page): every later refusal of a
			// page, such as the rate limit's, is a page too.
			chain = append(chain, markPage)
		}
		limit := r.Body
		if limit == bodyUpload {
			limit = s.MaxUploadBytes
		}
		if limit == bodyPackage {
			limit = s.maxPackageBytes()
		}
		chain = append(chain, s.limitBody(limit))
		if r.Rate != rateNone {
			chain = append(chain, s.rateLimit(r.Rate, r.Page && !strings.HasPrefix(r.Path, "/api/")))
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			chain = append(chain, s.checkCSRF)
		}
		chain = append(chain, r.Handler)
		e.Handle(r.Method, r.Path, chain...)
	}
}

// Routes lists the method and path of every route, for tests and docs.
func (s *Server) Routes() []RouteInfo {
	var out []RouteInfo
	for _, r := range s.routeTable() {
		out = append(out, RouteInfo{Method: r.Method, Path: r.Path, Roles: slices.Clone(r.Roles), Page: r.Page})
	}
	return out
}

// RouteInfo describes a route of the table.
type RouteInfo struct {
	Method string
	Path   string
	Roles  []koppel.Role
	Page   bool
}

var (
	anyRole       = []koppel.Role{koppel.RoleAdmin, koppel.RoleBuyer, koppel.RoleSupplier}
	adminOnly     = []koppel.Role{koppel.RoleAdmin}
	buyerOrAdmin  = []koppel.Role{koppel.RoleAdmin, koppel.RoleBuyer}
	supplierAdmin = []koppel.Role{koppel.RoleAdmin, koppel.RoleSupplier}
)

var pageParamsDoc = []param{
	{Name: "page", In: "query", Type: "integer", Description: "page number, from 1"},
	{Name: "size", In: "query", Type: "integer", Description: "hits per page, 1 to 100 (default 20)"},
}
